// Rendering message templates: #TAGS, ICU locale formatting, the items statement.
#include "dsocore/collection/render.hpp"

#include <unicode/datefmt.h>
#include <unicode/locid.h>
#include <unicode/measunit.h>
#include <unicode/numberformatter.h>
#include <unicode/timezone.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <memory>

#include "dsocore/collection/actions.hpp"
#include "dsocore/core/error.hpp"
#include "dsocore/ledger/fx.hpp"
#include "dsocore/reports/penalties.hpp"

DSOCORE_BEGIN_NAMESPACE

// --- ICU formatting ---------------------------------------------------------------

namespace {

icu::Locale locale_of(std::string_view language) {
    UErrorCode st = U_ZERO_ERROR;
    icu::Locale loc = icu::Locale::forLanguageTag(icu::StringPiece(language.data(), static_cast<std::int32_t>(language.size())), st);
    if (U_FAILURE(st) || loc.isBogus())
        throw Error(Errc::invalid_argument, "language '" + std::string(language) + "': not a BCP 47 tag ICU can use");
    return loc;
}

std::string utf8(const icu::UnicodeString& s) {
    std::string out;
    s.toUTF8String(out);
    return out;
}

void check(UErrorCode st, const char* what) {
    if (U_FAILURE(st)) throw Error(Errc::internal, std::string("ICU ") + what + ": " + u_errorName(st));
}

} // namespace

std::string format_money(std::int64_t units, Currency c, std::string_view language) {
    UErrorCode st = U_ZERO_ERROR;
    const std::string code = c.code();
    const icu::CurrencyUnit unit(icu::StringPiece(code.c_str()), st);
    check(st, "currency unit");
    const auto fmt = icu::number::NumberFormatter::withLocale(locale_of(language)).unit(unit);
    // The exact decimal text goes to ICU: no binary float on the way.
    const std::string text = format_fixed(units, c.minor_units());
    const icu::UnicodeString out = fmt.formatDecimal(icu::StringPiece(text.c_str()), st).toString(st);
    check(st, "number format");
    return utf8(out);
}

std::string format_integer(std::int64_t v, std::string_view language) {
    UErrorCode st = U_ZERO_ERROR;
    const icu::UnicodeString out =
        icu::number::NumberFormatter::withLocale(locale_of(language)).formatInt(v, st).toString(st);
    check(st, "number format");
    return utf8(out);
}

std::string format_date(Date d, std::string_view language, DateStyle style) {
    std::unique_ptr<icu::DateFormat> df(icu::DateFormat::createDateInstance(
        style == DateStyle::long_form ? icu::DateFormat::kLong : icu::DateFormat::kMedium, locale_of(language)));
    if (!df) throw Error(Errc::internal, "ICU date format for '" + std::string(language) + "' unavailable");
    df->setTimeZone(*icu::TimeZone::getGMT());
    // Midnight UTC of the day: a calendar day, no time-zone shift.
    const UDate ms = static_cast<UDate>(d.days()) * 86400000.0;
    icu::UnicodeString out;
    df->format(ms, out);
    return utf8(out);
}

// --- template resolution ----------------------------------------------------------

const Template* resolve_template(const TemplateSet& set, std::string_view name, Channel channel,
                                 std::string_view language) noexcept {
    const std::string with_channel = std::string(name) + "_" + to_string(channel);
    std::string lang(language.empty() ? std::string_view("en") : language);
    for (;;) {
        for (const bool builtin : {false, true})
            for (const std::string_view nm : {std::string_view(with_channel), name})
                for (const Template& t : set.list)
                    if (t.name == nm && t.language == lang && (t.path.rfind("builtin:", 0) == 0) == builtin) return &t;
        if (lang == "en") return nullptr;
        const auto dash = lang.rfind('-');
        lang = dash == std::string::npos ? std::string("en") : lang.substr(0, dash);
    }
}

// --- rendering --------------------------------------------------------------------

namespace {

/// Column headings of #ITEMS_TABLE: number, issue date, due date, amount, open amount, days late.
using Labels = std::array<const char*, 6>;
struct LabelRow {
    const char* language;
    Labels labels;
};
constexpr LabelRow kLabels[] = {
    {"en", {"Invoice", "Issue date", "Due date", "Amount", "Open amount", "Days late"}},
    {"fr", {"N° de facture", "Date d'émission", "Échéance", "Montant", "Reste dû", "Jours de retard"}},
    {"de", {"Rechnungsnr.", "Rechnungsdatum", "Fällig am", "Betrag", "Offener Betrag", "Tage überfällig"}},
    {"es", {"N.º de factura", "Fecha de emisión", "Vencimiento", "Importe", "Importe pendiente", "Días de retraso"}},
    {"it", {"N. fattura", "Data emissione", "Scadenza", "Importo", "Importo residuo", "Giorni di ritardo"}},
    {"nl", {"Factuurnr.", "Factuurdatum", "Vervaldatum", "Bedrag", "Openstaand bedrag", "Dagen te laat"}},
    {"pt", {"N.º da fatura", "Data de emissão", "Data de vencimento", "Montante", "Valor em dívida", "Dias de atraso"}},
    {"pt-BR", {"Nº da fatura", "Data de emissão", "Vencimento", "Valor", "Valor em aberto", "Dias de atraso"}},
    {"pl", {"Nr faktury", "Data wystawienia", "Termin płatności", "Kwota", "Do zapłaty", "Dni opóźnienia"}},
    {"ro", {"Nr. factură", "Data emiterii", "Scadența", "Suma", "Rest de plată", "Zile de întârziere"}},
    {"sv", {"Fakturanr", "Fakturadatum", "Förfallodatum", "Belopp", "Återstående belopp", "Dagar försenad"}},
    {"tr", {"Fatura no", "Düzenleme tarihi", "Vade tarihi", "Tutar", "Kalan tutar", "Gecikme (gün)"}},
    {"hr", {"Br. računa", "Datum izdavanja", "Datum dospijeća", "Iznos", "Otvoreni iznos", "Dana kašnjenja"}},
    {"ja", {"請求書番号", "発行日", "支払期日", "金額", "未払額", "遅延日数"}},
    {"zh-Hans", {"发票号", "开票日期", "到期日", "金额", "未付金额", "逾期天数"}},
    {"zh", {"发票号", "开票日期", "到期日", "金额", "未付金额", "逾期天数"}},
};

const Labels& labels_for(std::string_view language) {
    std::string lang(language);
    for (;;) {
        for (const auto& l : kLabels)
            if (lang == l.language) return l.labels;
        if (lang == "en") return kLabels[0].labels;
        const auto dash = lang.rfind('-');
        lang = dash == std::string::npos ? std::string("en") : lang.substr(0, dash);
    }
}

/// Display width in a monospaced font: East Asian wide characters count 2, combining marks 0.
std::size_t display_width(std::string_view s) {
    std::size_t w = 0;
    const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
    const auto n = static_cast<std::int32_t>(s.size());
    std::int32_t i = 0;
    while (i < n) {
        UChar32 c;
        U8_NEXT(p, i, n, c);
        if ((c >= 0x0300 && c <= 0x036F) || c == 0x200B) continue;
        const bool wide = (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
                          (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
                          (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6);
        w += wide ? 2 : 1;
    }
    return w;
}

void html_escape(std::string& out, std::string_view s) {
    for (const char ch : s) {
        switch (ch) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out.push_back(ch);
        }
    }
}

std::string items_table(const Ledger& L, const std::vector<std::uint32_t>& items, std::int32_t A,
                        const std::string& lang, Channel channel) {
    const ItemTable& I = L.items();
    const Labels& head = labels_for(lang);
    std::vector<std::array<std::string, 6>> rows;
    for (const std::uint32_t i : items) {
        const Currency cur = I.currency[i];
        rows.push_back({std::string(L.str(I.item_id[i])),
                        format_date(Date::from_days(I.issue_date[i]), lang, DateStyle::medium),
                        format_date(Date::from_days(I.due_date[i]), lang, DateStyle::medium),
                        format_money(I.amount[i], cur, lang), format_money(L.balance_at(i, A), cur, lang),
                        format_integer(std::max(0, A - I.due_date[i]), lang)});
    }
    constexpr std::array<bool, 6> right = {false, false, false, true, true, true};
    std::string out;
    if (channel == Channel::email) {
        out += "<table class=\"dsocore-items\" style=\"border-collapse:collapse\">\n<thead><tr>";
        for (std::size_t c = 0; c < 6; ++c) {
            out += right[c] ? "<th style=\"text-align:right\">" : "<th style=\"text-align:left\">";
            html_escape(out, head[c]);
            out += "</th>";
        }
        out += "</tr></thead>\n<tbody>\n";
        for (const auto& r : rows) {
            out += "<tr>";
            for (std::size_t c = 0; c < 6; ++c) {
                out += right[c] ? "<td style=\"text-align:right\">" : "<td>";
                html_escape(out, r[c]);
                out += "</td>";
            }
            out += "</tr>\n";
        }
        out += "</tbody>\n</table>";
        return out;
    }
    if (channel == Channel::sms) {
        // One short line per item: number, due date, open amount.
        for (const auto& r : rows) {
            if (!out.empty()) out.push_back('\n');
            out += r[0] + " (" + r[2] + "): " + r[4];
        }
        return out;
    }
    // Letter and other text channels: aligned columns.
    std::array<std::size_t, 6> width{};
    for (std::size_t c = 0; c < 6; ++c) width[c] = display_width(head[c]);
    for (const auto& r : rows)
        for (std::size_t c = 0; c < 6; ++c) width[c] = std::max(width[c], display_width(r[c]));
    auto line = [&](const std::array<std::string, 6>& cells) {
        std::string l;
        for (std::size_t c = 0; c < 6; ++c) {
            const std::size_t pad = width[c] - display_width(cells[c]);
            if (c) l += "  ";
            if (right[c]) l.append(pad, ' ');
            l += cells[c];
            if (!right[c] && c + 1 < 6) l.append(pad, ' ');
        }
        while (!l.empty() && l.back() == ' ') l.pop_back();
        return l;
    };
    out += line({head[0], head[1], head[2], head[3], head[4], head[5]});
    out.push_back('\n');
    std::size_t total = 0;
    for (std::size_t c = 0; c < 6; ++c) total += width[c] + (c ? 2 : 0);
    out.append(total, '-');
    for (const auto& r : rows) {
        out.push_back('\n');
        out += line(r);
    }
    return out;
}

bool tag_char(char ch) noexcept { return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_'; }

/// Replaces every #TAG of `text` with value(tag). The loader has checked the tags.
template <class ValueFn>
std::string replace_tags(std::string_view text, const std::string& file, ValueFn&& value) {
    std::string out;
    out.reserve(text.size() + 256);
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == '#' && i + 1 < text.size() && text[i + 1] >= 'A' && text[i + 1] <= 'Z') {
            std::size_t e = i + 1;
            while (e < text.size() && tag_char(text[e])) ++e;
            const std::string_view tag = text.substr(i + 1, e - i - 1);
            if (!is_known_tag(tag))
                throw Error(Errc::data, file + ": unknown tag #" + std::string(tag) + "; see the tag table of collection.md");
            out += value(tag);
            i = e;
        } else {
            out.push_back(text[i++]);
        }
    }
    return out;
}

} // namespace

RenderedMessage render_template(const Ledger& L, const Template& tmpl, Channel channel, const Agenda& ag,
                                std::size_t row) {
    if (row >= ag.rows.size())
        throw Error(Errc::invalid_argument, "agenda row " + std::to_string(row) + " does not exist");
    const CustomerTable& C = L.customers();
    const ItemTable& I = L.items();
    const CompanySettings& co = L.company();
    const AgendaRow& r = ag.rows[row];
    const std::uint32_t payer = r.payer;
    const std::int32_t A = ag.as_of.days();
    std::string lang(L.str(C.language[payer]));
    if (lang.empty()) lang = "en";
    const Currency acct = C.currency[payer];
    const Converter to_acct(L.fx(), acct);
    const auto cv = to_acct.at(A);

    // Figures in the account currency (items in another currency converted at A).
    std::int64_t total_due = 0, total_overdue = 0;
    for (std::uint32_t i = 0; i < I.size(); ++i) {
        if (C.payer[I.customer[i]] != payer || I.issue_date[i] > A) continue;
        const std::int64_t b = L.balance_at(i, A);
        if (b == 0) continue;
        const std::int64_t x = cv(b, I.currency[i]);
        total_due = checked_add(total_due, x);
        if (I.due_date[i] < A) total_overdue = checked_add(total_overdue, x);
    }
    std::int64_t action_amount = 0, penalties = 0, recovery = 0;
    std::int32_t oldest = INT32_MAX;
    for (const std::uint32_t i : r.items) {
        action_amount = checked_add(action_amount, cv(L.balance_at(i, A), I.currency[i]));
        oldest = std::min(oldest, I.due_date[i]);
        // The penalties report's computation (PenaltyRule, reports.md "penalties").
        const ItemPenalty p = item_penalty(L, i, ag.as_of);
        if (!p.applies) continue;
        penalties = checked_add(penalties, cv(p.interest, I.currency[i]));
        recovery = checked_add(recovery, cv(p.indemnity, I.currency[i]));
    }
    std::string table; // built on first use
    bool have_table = false;
    auto value = [&](std::string_view tag) -> std::string {
        if (tag == "CUSTOMER_NAME") return std::string(L.str(C.name[payer]));
        if (tag == "CUSTOMER_ID") return std::string(L.str(C.customer_id[payer]));
        if (tag == "COMPANY_NAME") return co.name;
        if (tag == "COMPANY_ADDRESS") return co.address;
        if (tag == "IBAN") return co.iban;
        if (tag == "BIC") return co.bic;
        if (tag == "TOTAL_DUE") return format_money(total_due, acct, lang);
        if (tag == "TOTAL_OVERDUE") return format_money(total_overdue, acct, lang);
        if (tag == "ACTION_AMOUNT") return format_money(action_amount, acct, lang);
        if (tag == "OLDEST_DUE_DATE")
            return r.items.empty() ? std::string() : format_date(Date::from_days(oldest), lang, DateStyle::long_form);
        if (tag == "ITEMS_TABLE") {
            if (!have_table) table = items_table(L, r.items, A, lang, channel);
            have_table = true;
            return table;
        }
        if (tag == "LATE_PENALTIES") return format_money(penalties, acct, lang);
        if (tag == "RECOVERY_COSTS") return format_money(recovery, acct, lang);
        if (tag == "COLLECTOR") return std::string(L.str(C.collector[payer]));
        if (tag == "TODAY") return format_date(ag.as_of, lang, DateStyle::long_form);
        if (tag.substr(0, 7) == "CUSTOM_") {
            const int k = std::stoi(std::string(tag.substr(7))) - 1;
            return std::string(L.str(C.custom_field(k, payer)));
        }
        throw Error(Errc::internal, "tag #" + std::string(tag) + " has no value");
    };
    RenderedMessage m;
    m.template_name = tmpl.name;
    m.template_path = tmpl.path;
    m.language = tmpl.language;
    m.locale = lang;
    m.channel = channel;
    switch (channel) {
    case Channel::email: m.to = std::string(L.str(C.email[payer])); break;
    case Channel::sms:
    case Channel::call: m.to = std::string(L.str(C.phone[payer])); break;
    case Channel::letter: m.to = std::string(L.str(C.address[payer])); break;
    case Channel::task: break;
    }
    m.subject = replace_tags(tmpl.subject, tmpl.path, value);
    m.body = replace_tags(tmpl.body, tmpl.path, value);
    if (channel == Channel::sms) m.sms = sms_info(m.body);
    return m;
}

RenderedMessage render_message(const Ledger& L, const Agenda& ag, std::size_t row) {
    if (row >= ag.rows.size())
        throw Error(Errc::invalid_argument, "agenda row " + std::to_string(row) + " does not exist");
    const AgendaRow& r = ag.rows[row];
    const Scenario& s = L.scenarios().list[r.scenario];
    const ScenarioStep& st = s.steps[r.step];
    if (st.template_name.empty())
        throw Error(Errc::not_found, "step " + st.id + " of scenario " + s.id + " (" + to_string(st.channel) +
                                         ") has no message template");
    std::string lang(L.str(L.customers().language[r.payer]));
    if (lang.empty()) lang = "en";
    const Template* t = resolve_template(L.templates(), st.template_name, st.channel, lang);
    if (!t)
        throw Error(Errc::not_found, "no template " + st.template_name + "_" + to_string(st.channel) + " or " +
                                         st.template_name + " for language " + lang +
                                         " or its fallbacks (templates/<name>.<language>.txt)");
    return render_template(L, *t, st.channel, ag, row);
}

RenderedMessage render_step(const Ledger& L, Date as_of, std::string_view entity, std::string_view customer_id,
                            std::string_view step, std::string_view scenario) {
    const std::uint32_t c = resolve_customer(L, entity, customer_id);
    AgendaOptions opt;
    opt.horizon_days = 36600; // every pending row of the payer, whatever its date
    const Agenda ag = compute_agenda(L, as_of, opt);
    std::size_t found = ag.rows.size();
    std::string pending;
    for (std::size_t r = 0; r < ag.rows.size(); ++r) {
        if (ag.rows[r].payer != c) continue;
        const Scenario& s = L.scenarios().list[ag.rows[r].scenario];
        const std::string& sid = s.steps[ag.rows[r].step].id;
        pending += (pending.empty() ? "" : ", ") + sid + " (" + s.id + ")";
        if (sid != step || (!scenario.empty() && s.id != scenario)) continue;
        if (found != ag.rows.size())
            throw Error(Errc::invalid_argument,
                        "step " + std::string(step) + " is pending in several scenarios: name the scenario (--scenario)");
        found = r;
    }
    if (found == ag.rows.size())
        throw Error(Errc::not_found, "no agenda row for " + std::string(L.str(L.customers().entity[c])) + ":" +
                                         std::string(customer_id) + " step " + std::string(step) + " at " +
                                         as_of.to_string() +
                                         (pending.empty() ? " (nothing is pending)" : "; pending: " + pending));
    return render_message(L, ag, found);
}

std::string format_rendered(const RenderedMessage& m) {
    std::string out = "template: " + m.template_path + "\nlanguage: " + m.language +
                      (m.language != m.locale ? " (customer: " + m.locale + ")" : "") +
                      "\nchannel: " + to_string(m.channel) + "\nto: " + m.to + "\n";
    if (m.sms)
        out += std::string("sms: ") + to_string(m.sms->encoding) + ", " + std::to_string(m.sms->characters) +
               " characters, " + std::to_string(m.sms->units) +
               (m.sms->encoding == SmsEncoding::gsm7 ? " septets" : " UTF-16 units") + ", " +
               std::to_string(m.sms->segments) + " segment" + (m.sms->segments == 1 ? "" : "s") + "\n";
    if (!m.subject.empty()) out += "subject: " + m.subject + "\n";
    out += "\n" + m.body;
    if (!m.body.empty() && m.body.back() != '\n') out += '\n';
    return out;
}

DSOCORE_END_NAMESPACE
