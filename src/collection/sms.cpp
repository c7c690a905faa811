// SMS encoding and segment count (collection.md: GSM 03.38 160/153, else UCS-2 70/67).
#include "dsocore/collection/sms.hpp"

#include <unicode/utf8.h>

DSOCORE_BEGIN_NAMESPACE

const char* to_string(SmsEncoding e) noexcept { return e == SmsEncoding::gsm7 ? "GSM-7" : "UCS-2"; }

namespace {

/// GSM 03.38 basic character set (default alphabet), ESC excluded.
bool gsm_basic(UChar32 c) noexcept {
    if (c >= 'A' && c <= 'Z') return true;
    if (c >= 'a' && c <= 'z') return true;
    if (c >= '0' && c <= '9') return true;
    switch (c) {
    case '@': case '$': case '\n': case '\r': case '_': case ' ': case '!': case '"': case '#': case '%':
    case '&': case '\'': case '(': case ')': case '*': case '+': case ',': case '-': case '.': case '/':
    case ':': case ';': case '<': case '=': case '>': case '?':
    case 0x00A3: // £
    case 0x00A5: // ¥
    case 0x00E8: // è
    case 0x00E9: // é
    case 0x00F9: // ù
    case 0x00EC: // ì
    case 0x00F2: // ò
    case 0x00C7: // Ç
    case 0x00D8: // Ø
    case 0x00F8: // ø
    case 0x00C5: // Å
    case 0x00E5: // å
    case 0x0394: // Δ
    case 0x03A6: // Φ
    case 0x0393: // Γ
    case 0x039B: // Λ
    case 0x03A9: // Ω
    case 0x03A0: // Π
    case 0x03A8: // Ψ
    case 0x03A3: // Σ
    case 0x0398: // Θ
    case 0x039E: // Ξ
    case 0x00C6: // Æ
    case 0x00E6: // æ
    case 0x00DF: // ß
    case 0x00C9: // É
    case 0x00A4: // ¤
    case 0x00A1: // ¡
    case 0x00C4: // Ä
    case 0x00D6: // Ö
    case 0x00D1: // Ñ
    case 0x00DC: // Ü
    case 0x00A7: // §
    case 0x00BF: // ¿
    case 0x00E4: // ä
    case 0x00F6: // ö
    case 0x00F1: // ñ
    case 0x00FC: // ü
    case 0x00E0: // à
        return true;
    default:
        return false;
    }
}

/// GSM 03.38 extension table (sent as ESC + character: two septets).
bool gsm_extension(UChar32 c) noexcept {
    switch (c) {
    case 0x000C: case '^': case '{': case '}': case '\\': case '[': case '~': case ']': case '|':
    case 0x20AC: // €
        return true;
    default:
        return false;
    }
}

} // namespace

SmsInfo sms_info(std::string_view s) noexcept {
    SmsInfo out;
    std::size_t septets = 0, utf16 = 0;
    bool gsm = true;
    const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
    const auto n = static_cast<std::int32_t>(s.size());
    std::int32_t i = 0;
    while (i < n) {
        UChar32 c;
        U8_NEXT(p, i, n, c);
        if (c < 0) c = 0xFFFD;
        ++out.characters;
        utf16 += c > 0xFFFF ? 2 : 1;
        if (gsm_basic(c)) septets += 1;
        else if (gsm_extension(c)) septets += 2;
        else gsm = false;
    }
    if (gsm) {
        out.encoding = SmsEncoding::gsm7;
        out.units = septets;
        out.segments = septets <= 160 ? 1 : (septets + 152) / 153;
    } else {
        out.encoding = SmsEncoding::ucs2;
        out.units = utf16;
        out.segments = utf16 <= 70 ? 1 : (utf16 + 66) / 67;
    }
    return out;
}

DSOCORE_END_NAMESPACE
