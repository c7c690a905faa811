// dsocore — rendering message templates with #TAGS for an agenda row.
//
// A template is rendered in the payer's language (customers.csv `language`) with ICU
// formatting for that locale: currency amounts from their exact decimal text (never a
// binary float), integers, and dates (UTC calendar day). Template resolution for a
// step with template T and channel C: along the language chain (pt-BR → pt → en), at
// each language `<T>_<C>` then `<T>`, the data directory's file before the built-in one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dsocore/collection/agenda.hpp"
#include "dsocore/collection/sms.hpp"
#include "dsocore/core/currency.hpp"
#include "dsocore/core/date.hpp"
#include "dsocore/ledger/ledger.hpp"

DSOCORE_BEGIN_NAMESPACE

struct RenderedMessage {
    std::string template_name; ///< e.g. reminder1_email
    std::string template_path; ///< templates/… or builtin:…
    std::string language;      ///< the template's language (after fallback)
    std::string locale;        ///< the locale used for formatting (the payer's language)
    Channel channel{};
    std::string to;            ///< email, phone or address of the payer for the channel
    std::string subject;       ///< rendered subject line (may be empty)
    std::string body;          ///< rendered body
    std::optional<SmsInfo> sms; ///< for the sms channel: encoding, length, segments of body
};

/// The template for name T, channel C and a language (see the header comment);
/// nullptr when none exists.
const Template* resolve_template(const TemplateSet& set, std::string_view name, Channel channel,
                                 std::string_view language) noexcept;

/// Renders the message of agenda row `row`. Throws Error(not_found) when the step has
/// no template or no file resolves, Error(invalid_argument) for a bad row index.
RenderedMessage render_message(const Ledger& ledger, const Agenda& agenda, std::size_t row);

/// Renders a given template for agenda row `row` as if sent on `channel` (the channel
/// decides the form of #ITEMS_TABLE: HTML for email, text otherwise).
RenderedMessage render_template(const Ledger& ledger, const Template& tmpl, Channel channel, const Agenda& agenda,
                                std::size_t row);

/// The message of payer (entity, customer_id) for scenario step `step` at as_of
/// (`dsocore render`): the agenda row of that payer and step whatever its action date
/// (a message can be prepared early). `scenario` chooses between rows with the same
/// step id in two scenarios. The ledger must be loaded with templates. Throws
/// Error(not_found) naming the pending steps when no row matches, and
/// Error(invalid_argument) when the step is pending in several scenarios.
RenderedMessage render_step(const Ledger& ledger, Date as_of, std::string_view entity, std::string_view customer_id,
                            std::string_view step, std::string_view scenario = {});

/// The message as `dsocore render` prints it: template, language, channel, to, sms and
/// subject lines, a blank line, the body (ending with LF).
std::string format_rendered(const RenderedMessage& m);

// --- ICU formatting, exposed for tests and other engines -----------------------------

/// A currency amount (minor units of `c`) in the locale of a BCP 47 tag, e.g.
/// 123450 EUR in fr → "1 234,50 €" (U+202F), en → "€1,234.50", de → "1.234,50 €".
std::string format_money(std::int64_t units, Currency c, std::string_view language);
/// An integer in the locale ("1 234" in fr).
std::string format_integer(std::int64_t v, std::string_view language);
enum class DateStyle : std::uint8_t { medium, long_form };
/// A calendar date in the locale (ICU DateFormat kMedium or kLong, UTC day).
std::string format_date(Date d, std::string_view language, DateStyle style);

DSOCORE_END_NAMESPACE
