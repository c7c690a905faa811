// Rendering: every shipped template in every language, ICU locale formats, SMS
// segments, template resolution. A = 2026-06-30.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>

#include "dsocore/collection/agenda.hpp"
#include "dsocore/collection/render.hpp"
#include "dsocore/collection/sms.hpp"
#include "dsocore/core/error.hpp"

using namespace dsocore;

namespace {

const Date A = Date::from_ymd(2026, 6, 30);
const char* kLanguages[] = {"en", "fr", "de", "es", "it", "nl", "pt", "pt-BR", "pl", "ro", "sv", "tr", "hr", "ja", "zh-Hans"};

LoadOptions with_templates() {
    LoadOptions o;
    o.templates = true;
    o.builtin_templates = std::string(DSOCORE_SOURCE_DIR) + "/src/collection/templates";
    return o;
}

/// One customer per language (id L_<lang>), each with one invoice of 1234.50 EUR due
/// 06-10 (dpd 20, r1 pending) and a second one of 100.00 due 07-08 (not overdue).
/// JPY: customer J with one invoice of 1235 JPY.
DataSources sources() {
    std::string cust = "customer_id,name,language,currency,email,phone,address,collector,custom_1\n";
    std::string items = "item_id,customer_id,issue_date,due_date,currency,amount,open_amount\n";
    for (const char* l : kLanguages) {
        const std::string id = std::string("L_") + l;
        cust += id + ",Name " + l + "," + l + ",EUR,a@x,+33 6,1 rue X,Jeanne,CF1\n";
        items += std::string("F_") + l + "," + id + ",2026-05-11,2026-06-10,EUR,1234.50,1234.50\n";
        items += std::string("G_") + l + "," + id + ",2026-06-08,2026-07-08,EUR,100.00,100.00\n";
    }
    cust += "J,Nihon KK,ja,JPY,j@x,+81 3,Tokyo,Sato,\n";
    items += "FJ,J,2026-05-11,2026-06-10,JPY,1235,1235\n";
    DataSources s;
    s["customers.csv"] = cust;
    s["items.csv"] = items;
    s["fx.csv"] = "date,currency,rate\n2026-01-01,JPY,0.0062\n";
    s["company.json"] = R"({"name": "Acme SAS", "address": "1 rue Y", "iban": "FR76 1", "bic": "AGRIFRPP",
        "penalty": {"rule": "FR", "reference_rates": [["2026-01-01", "2.15"]]}})";
    return s;
}

std::size_t row_of(const Ledger& L, const Agenda& ag, std::string_view customer, std::string_view step) {
    for (std::size_t r = 0; r < ag.rows.size(); ++r) {
        const auto& row = ag.rows[r];
        if (L.str(L.customers().customer_id[row.payer]) == customer &&
            L.scenarios().list[row.scenario].steps[row.step].id == step)
            return r;
    }
    return ag.rows.size();
}

} // namespace

TEST(Format, CurrencyAmountsAsIcuDoes) {
    // 1234.50 EUR: fr groups with U+202F NARROW NO-BREAK SPACE and puts € after a
    // U+00A0 NO-BREAK SPACE; en puts € first; de groups with '.'.
    EXPECT_EQ(format_money(123450, Currency::of("EUR"), "fr"), "1\u202F234,50\u00A0€");
    EXPECT_EQ(format_money(123450, Currency::of("EUR"), "en"), "€1,234.50");
    EXPECT_EQ(format_money(123450, Currency::of("EUR"), "de"), "1.234,50\u00A0€");
    // JPY has no minor unit; ja writes the fullwidth yen sign.
    EXPECT_EQ(format_money(1235, Currency::of("JPY"), "ja"), "￥1,235");
    EXPECT_EQ(format_money(-5, Currency::of("EUR"), "en"), "-€0.05");
    // Exact beyond double precision: 12345678901234567.89 EUR.
    EXPECT_EQ(format_money(1234567890123456789, Currency::of("EUR"), "en"), "€12,345,678,901,234,567.89");
}

TEST(Format, Dates) {
    EXPECT_EQ(format_date(A, "en", DateStyle::long_form), "June 30, 2026");
    EXPECT_EQ(format_date(A, "fr", DateStyle::long_form), "30 juin 2026");
    EXPECT_EQ(format_date(A, "de", DateStyle::long_form), "30. Juni 2026");
    EXPECT_EQ(format_date(A, "de", DateStyle::medium), "30.06.2026");
    EXPECT_EQ(format_date(Date::from_ymd(2026, 1, 1), "en", DateStyle::long_form), "January 1, 2026");
}

TEST(Render, EveryShippedTemplateInEveryLanguage) {
    const Ledger L = Ledger::load_sources(sources(), with_templates());
    AgendaOptions opt;
    opt.horizon_days = 60;
    const Agenda ag = compute_agenda(L, A, opt);
    const std::regex leftover("#[A-Z]");
    std::set<std::string> seen_languages;
    std::size_t rendered = 0;
    for (const Template& t : L.templates().list) {
        if (t.path.rfind("builtin:", 0) != 0) continue;
        const auto us = t.name.rfind('_');
        ASSERT_NE(us, std::string::npos) << t.path;
        const auto channel = parse_channel(t.name.substr(us + 1));
        ASSERT_TRUE(channel.has_value()) << t.path;
        const std::string customer = "L_" + t.language;
        // pre_due templates render on the pre row (item G, not overdue); others on r1.
        const bool pre = t.name.rfind("pre_due", 0) == 0;
        const std::size_t r = row_of(L, ag, customer, pre ? "pre" : "r1");
        ASSERT_LT(r, ag.rows.size()) << customer;
        const RenderedMessage m = render_template(L, t, *channel, ag, r);
        SCOPED_TRACE(t.path);
        EXPECT_FALSE(std::regex_search(m.subject, leftover)) << m.subject;
        EXPECT_FALSE(std::regex_search(m.body, leftover)) << m.body;
        const std::string all = m.subject + "\n" + m.body;
        const std::string raw = t.subject + "\n" + t.body;
        // The amounts and dates are the locale's ICU forms of the hand-known values:
        // r1 takes F (1234.50 EUR), pre takes G (100.00 EUR).
        if (raw.find("#ACTION_AMOUNT") != std::string::npos) {
            EXPECT_NE(all.find(format_money(pre ? 10000 : 123450, Currency::of("EUR"), t.language)), std::string::npos);
        }
        if (raw.find("#TODAY") != std::string::npos) {
            EXPECT_NE(all.find(format_date(A, t.language, DateStyle::long_form)), std::string::npos);
        }
        if (raw.find("#CUSTOMER_NAME") != std::string::npos) {
            EXPECT_NE(all.find("Name " + t.language), std::string::npos);
        }
        if (raw.find("#ITEMS_TABLE") != std::string::npos) {
            EXPECT_NE(all.find(pre ? "G_" : "F_"), std::string::npos);
            EXPECT_EQ(all.find("<table") != std::string::npos, *channel == Channel::email);
        }
        if (*channel == Channel::sms) {
            ASSERT_TRUE(m.sms.has_value());
            EXPECT_GE(m.sms->segments, 1u);
        } else {
            EXPECT_FALSE(m.sms.has_value());
        }
        seen_languages.insert(t.language);
        ++rendered;
    }
    // The shipped set: 4 messages × 3 channels × 15 languages.
    EXPECT_EQ(seen_languages.size(), 15u);
    EXPECT_EQ(rendered, 180u);
}

TEST(Render, HandKnownValuesInFrenchEnglishGermanJapanese) {
    const Ledger L = Ledger::load_sources(sources(), with_templates());
    const Agenda ag = compute_agenda(L, A);
    // fr r1: ACTION_AMOUNT 1 234,50 € (U+202F, U+00A0); TOTAL_DUE 1234.50 + 100.00.
    // Penalties (FR rule, 2.15 + 10 = 12.15 %): 1234.50 × 12.15 / 100 × 20 / 365 =
    // 2999.835 / 365 = 8.2187… → 8.22 €; recovery 40,00 € (one invoice).
    const std::map<std::string, std::string> amount = {{"fr", "1\u202F234,50\u00A0€"},
                                                       {"en", "€1,234.50"},
                                                       {"de", "1.234,50\u00A0€"}};
    for (const auto& [lang, text] : amount) {
        const RenderedMessage m = render_message(L, ag, row_of(L, ag, "L_" + lang, "r1"));
        EXPECT_EQ(m.template_name, "reminder1_email");
        EXPECT_EQ(m.language, lang);
        EXPECT_NE((m.subject + m.body).find(text), std::string::npos) << lang << ": " << m.subject << "\n" << m.body;
    }
    const Template fr{"t", "fr", "test", "#TOTAL_DUE|#TOTAL_OVERDUE|#LATE_PENALTIES|#RECOVERY_COSTS|#OLDEST_DUE_DATE|#TODAY",
                      "#CUSTOMER_ID #COLLECTOR #CUSTOM_1 #COMPANY_NAME #IBAN #BIC", 1};
    const RenderedMessage m = render_template(L, fr, Channel::letter, ag, row_of(L, ag, "L_fr", "r1"));
    EXPECT_EQ(m.subject, "1\u202F334,50\u00A0€|1\u202F234,50\u00A0€|8,22\u00A0€|40,00\u00A0€|10 juin 2026|30 juin 2026");
    EXPECT_EQ(m.body, "L_fr Jeanne CF1 Acme SAS FR76 1 AGRIFRPP");
    // ja, JPY account: ￥1,235.
    const Template ja{"t", "ja", "test", "", "#ACTION_AMOUNT", 1};
    EXPECT_EQ(render_template(L, ja, Channel::email, ag, row_of(L, ag, "J", "r1")).body, "￥1,235");
}

TEST(Render, ItemsTableAsTextForLetters) {
    const Ledger L = Ledger::load_sources(sources(), with_templates());
    const Agenda ag = compute_agenda(L, A);
    const Template t{"t", "en", "test", "", "#ITEMS_TABLE", 1};
    const RenderedMessage m = render_template(L, t, Channel::letter, ag, row_of(L, ag, "L_en", "r1"));
    // Aligned columns (widths 7, 12, 12, 9, 11, 9 + 5 × 2 spaces = 70), amounts and
    // days right-aligned, days late 20.
    EXPECT_EQ(m.body,
              "Invoice  Issue date    Due date         Amount  Open amount  Days late\n" +
                  std::string(70, '-') + "\n"
                  "F_en     May 11, 2026  Jun 10, 2026  €1,234.50    €1,234.50         20");
    const RenderedMessage s = render_template(L, t, Channel::sms, ag, row_of(L, ag, "L_en", "r1"));
    EXPECT_EQ(s.body, "F_en (Jun 10, 2026): €1,234.50");
}

TEST(Render, ResolutionAndFallback) {
    DataSources s = sources();
    // A directory template named without channel wins over the built-in reminder1_email
    // in the same language.
    s["templates/reminder1.fr.txt"] = "Subject: Relance #CUSTOMER_ID\n\nMontant : #ACTION_AMOUNT\n";
    const Ledger L = Ledger::load_sources(s, with_templates());
    const TemplateSet& T = L.templates();
    const Template* t = resolve_template(T, "reminder1", Channel::email, "fr");
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->path, "templates/reminder1.fr.txt");
    // fr-CA → fr; pt-BR has its own; xx → en.
    EXPECT_EQ(resolve_template(T, "reminder2", Channel::sms, "fr-CA")->language, "fr");
    EXPECT_EQ(resolve_template(T, "reminder2", Channel::sms, "pt-BR")->language, "pt-BR");
    EXPECT_EQ(resolve_template(T, "reminder2", Channel::sms, "fi")->language, "en");
    EXPECT_EQ(resolve_template(T, "nope", Channel::sms, "fr"), nullptr);
    const Agenda ag = compute_agenda(L, A);
    const RenderedMessage m = render_message(L, ag, row_of(L, ag, "L_fr", "r1"));
    EXPECT_EQ(m.subject, "Relance L_fr");
    EXPECT_EQ(m.body, "Montant : 1\u202F234,50\u00A0€\n");
}

TEST(Render, UnknownTagFailsAtLoadWithFileAndLine) {
    DataSources s = sources();
    s["templates/bad.en.txt"] = "Subject: x\n\nHello\n#CUSTOMER_NAME owes #AMOUNT_DUE\n";
    try {
        Ledger::load_sources(s, with_templates());
        FAIL() << "loaded";
    } catch (const DataError& e) {
        const std::string w = e.what();
        EXPECT_NE(w.find("templates/bad.en.txt:4"), std::string::npos) << w;
        EXPECT_NE(w.find("#AMOUNT_DUE"), std::string::npos) << w;
    }
}

TEST(Render, StepWithoutTemplate) {
    // r1 and r2 done for F_en: the pending step is the manual call (06-10 + 30 = 07-10),
    // which sends no message: render says so.
    DataSources s = sources();
    s["actions.csv"] = "action_id,customer_id,date,channel,scenario,step,item_ids\n"
                       "X1,L_en,2026-06-15,email,standard,r1,F_en\nX2,L_en,2026-06-20,sms,standard,r2,F_en\n";
    const Ledger L = Ledger::load_sources(s, with_templates());
    const Agenda ag = compute_agenda(L, A);
    const std::size_t r = row_of(L, ag, "L_en", "call");
    ASSERT_LT(r, ag.rows.size());
    try {
        render_message(L, ag, r);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::not_found);
        EXPECT_NE(std::string(e.what()).find("has no message template"), std::string::npos);
    }
}

TEST(Sms, Gsm7Ucs2AndSegments) {
    // Pure GSM-7: 25 septets → 1 segment.
    SmsInfo a = sms_info("Please pay 100 EUR today");
    EXPECT_EQ(a.encoding, SmsEncoding::gsm7);
    EXPECT_EQ(a.characters, 24u);
    EXPECT_EQ(a.units, 24u);
    EXPECT_EQ(a.segments, 1u);
    // 160 GSM characters fit one part; 161 need ⌈161 / 153⌉ = 2.
    EXPECT_EQ(sms_info(std::string(160, 'a')).segments, 1u);
    EXPECT_EQ(sms_info(std::string(161, 'a')).segments, 2u);
    EXPECT_EQ(sms_info(std::string(306, 'a')).segments, 2u); // 2 × 153
    EXPECT_EQ(sms_info(std::string(307, 'a')).segments, 3u);
    // € is in the extension table: GSM-7, counted twice. "Pay 10€" = 6 + 2 = 8 septets.
    SmsInfo e = sms_info("Pay 10€");
    EXPECT_EQ(e.encoding, SmsEncoding::gsm7);
    EXPECT_EQ(e.characters, 7u);
    EXPECT_EQ(e.units, 8u);
    // 159 letters + € = 161 septets → 2 segments although 160 characters.
    EXPECT_EQ(sms_info(std::string(159, 'a') + "€").segments, 2u);
    // ê is in neither table: UCS-2. "Vous êtes" = 9 UTF-16 units, 1 segment; 71 → ⌈71/67⌉ = 2;
    // 135 → ⌈135/67⌉ = 3 (2 × 67 = 134).
    SmsInfo u = sms_info("Vous êtes");
    EXPECT_EQ(u.encoding, SmsEncoding::ucs2);
    EXPECT_EQ(u.units, 9u);
    EXPECT_EQ(u.segments, 1u);
    EXPECT_EQ(sms_info("ê" + std::string(69, 'a')).segments, 1u);
    EXPECT_EQ(sms_info("ê" + std::string(70, 'a')).segments, 2u);
    EXPECT_EQ(sms_info("ê" + std::string(134, 'a')).segments, 3u);
    // é, à, ü, ß are in the basic table.
    EXPECT_EQ(sms_info("é à ü ß Ä Ñ").encoding, SmsEncoding::gsm7);
    // Other extension characters count double too: ^ { } \ [ ~ ] |.
    EXPECT_EQ(sms_info("^{}\\[~]|").units, 16u);
}
