// dsocore — SMS length and segments (GSM 03.38 or UCS-2).
#pragma once

#include <cstddef>
#include <string_view>

#include "dsocore/core/config.hpp"

DSOCORE_BEGIN_NAMESPACE

enum class SmsEncoding : unsigned char { gsm7, ucs2 };
const char* to_string(SmsEncoding e) noexcept; ///< "GSM-7", "UCS-2"

struct SmsInfo {
    SmsEncoding encoding = SmsEncoding::gsm7;
    std::size_t characters = 0; ///< Unicode code points of the text
    std::size_t units = 0;      ///< GSM-7 septets (extension characters count 2) or UTF-16 code units
    std::size_t segments = 0;   ///< GSM-7: 1 up to 160, else ⌈units / 153⌉; UCS-2: 1 up to 70, else ⌈units / 67⌉
};

/// Encoding and segments of a UTF-8 text: GSM 03.38 when every character is in the
/// basic table or its extension table (^ { } \ [ ~ ] | € and form feed count double),
/// else UCS-2. An empty text is one (empty) segment. Invalid UTF-8 counts as UCS-2
/// replacement characters.
SmsInfo sms_info(std::string_view utf8) noexcept;

DSOCORE_END_NAMESPACE
