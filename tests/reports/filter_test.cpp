// The --where language: operators, precedence, in, dates, errors with their column.
#include <gtest/gtest.h>

#include "dsocore/reports/filter.hpp"
#include "reports/report_test_util.hpp"

using namespace dsocore;
using dsocore::test::run;

namespace {

DataSources dataset() {
    return {
        {"customers.csv",
         "entity,customer_id,name,customer_type,country,payment_terms_days,credit_limit,insured_amount,custom_1,custom_3\n"
         "FR01,A,Société Alpha,public,FR,30,1000.00,500.00,712,x\n"
         "FR01,B,O'Brien,key account,BE,45,,,650,\n"
         "DE01,C,Gamma,public,DE,60,2000.00,2500.00,n/a,y\n"
         "FR01,D,Delta,export,ES,0,0.00,,,\n"},
        {"items.csv",
         "entity,item_id,customer_id,type,issue_date,due_date,amount,open_amount,status,custom_1\n"
         "FR01,I1,A,invoice,2026-05-01,2026-05-31,100.00,100.00,dispute:price,p\n"
         "FR01,I2,A,credit_note,2026-05-10,2026-05-10,-20.00,-20.00,,\n"
         "FR01,I3,B,invoice,2026-06-01,2026-07-01,300.50,300.50,promise,q\n"
         "DE01,I4,C,invoice,2026-01-01,2026-01-31,50.00,50.00,,\n"
         "FR01,I5,D,invoice,2026-07-15,2026-08-14,10.00,10.00,,\n"},
    };
}

/// The customer ids matched by a customer-scope expression, in file order.
std::string customers(const Ledger& L, const std::string& expr) {
    const Filter f = Filter::compile(expr, ledger_fields(L, Date::parse_or_throw("2026-06-30")));
    std::string s;
    for (std::uint32_t c = 0; c < L.customers().size(); ++c)
        if (f.matches({c, kNoRow})) s += L.str(L.customers().customer_id[c]);
    return s;
}

/// The item ids matched by an expression (evaluated per item).
std::string items(const Ledger& L, const std::string& expr) {
    const Filter f = Filter::compile(expr, ledger_fields(L, Date::parse_or_throw("2026-06-30")));
    std::string s;
    for (std::uint32_t i = 0; i < L.items().size(); ++i)
        if (f.matches({L.items().customer[i], i})) s += std::string(L.str(L.items().item_id[i])) + " ";
    return s;
}

/// The message of the error an expression raises ("" when none).
std::string error_of(const Ledger& L, const std::string& expr) {
    try {
        Filter::compile(expr, ledger_fields(L, Date::parse_or_throw("2026-06-30")));
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::invalid_argument);
        return e.what();
    }
    return "";
}

} // namespace

TEST(Filter, ComparisonOperatorsOnNumbers) {
    const Ledger L = Ledger::load_sources(dataset());
    // payment_terms_days: A 30, B 45, C 60, D 0.
    EXPECT_EQ(customers(L, "payment_terms_days = 45"), "B");
    EXPECT_EQ(customers(L, "payment_terms_days != 45"), "ACD");
    EXPECT_EQ(customers(L, "payment_terms_days <> 45"), "ACD");
    EXPECT_EQ(customers(L, "payment_terms_days < 45"), "AD");
    EXPECT_EQ(customers(L, "payment_terms_days <= 45"), "ABD");
    EXPECT_EQ(customers(L, "payment_terms_days > 45"), "C");
    EXPECT_EQ(customers(L, "payment_terms_days >= 45"), "BC");
    // Decimals compare exactly: 300.50 > 300.5 is false, = is true.
    EXPECT_EQ(items(L, "amount = 300.5"), "I3 ");
    EXPECT_EQ(items(L, "amount > 300.49"), "I3 ");
    EXPECT_EQ(items(L, "amount < -19.999"), "I2 ");
    // A literal on the left reads the same.
    EXPECT_EQ(customers(L, "45 < payment_terms_days"), "C");
}

TEST(Filter, TextEmptyAndAbsentValues) {
    const Ledger L = Ledger::load_sources(dataset());
    EXPECT_EQ(customers(L, "customer_type = 'public'"), "AC");
    EXPECT_EQ(customers(L, "custom_3 != ''"), "AC");
    EXPECT_EQ(customers(L, "custom_3 = ''"), "BD");
    EXPECT_EQ(customers(L, "country < 'DE'"), "B");   // bytewise: BE < DE
    EXPECT_EQ(customers(L, "name = 'O''Brien'"), "B"); // doubled quote
    EXPECT_EQ(customers(L, "name = 'Société Alpha'"), "A");
    // credit_limit absent for B: no comparison holds but !=; '' tests absence.
    EXPECT_EQ(customers(L, "credit_limit >= 0"), "ACD");
    EXPECT_EQ(customers(L, "credit_limit != 1000"), "BCD");
    EXPECT_EQ(customers(L, "credit_limit = ''"), "B");
    EXPECT_EQ(customers(L, "credit_limit != ''"), "ACD");
    // A text field against a number: read as a decimal; not a number → no match.
    EXPECT_EQ(customers(L, "custom_1 >= 700"), "A");
    EXPECT_EQ(customers(L, "custom_1 < 700"), "B");
    // Field against field of the same type.
    EXPECT_EQ(customers(L, "credit_limit > insured_amount"), "A");
}

TEST(Filter, PrecedenceNotAndOr) {
    const Ledger L = Ledger::load_sources(dataset());
    // or binds loosest: country = 'ES' or (customer_type = 'public' and country = 'DE').
    EXPECT_EQ(customers(L, "country = 'ES' or customer_type = 'public' and country = 'DE'"), "CD");
    EXPECT_EQ(customers(L, "(country = 'ES' or customer_type = 'public') and country = 'DE'"), "C");
    // not binds tighter than and: (not public) and terms > 0.
    EXPECT_EQ(customers(L, "not customer_type = 'public' and payment_terms_days > 0"), "B");
    EXPECT_EQ(customers(L, "not (customer_type = 'public' and payment_terms_days > 0)"), "BD");
    EXPECT_EQ(customers(L, "not not country = 'FR'"), "A");
    // Keywords are case-insensitive.
    EXPECT_EQ(customers(L, "country = 'FR' OR country = 'BE' AND NOT customer_type = 'x'"), "AB");
}

TEST(Filter, InAndNotIn) {
    const Ledger L = Ledger::load_sources(dataset());
    EXPECT_EQ(customers(L, "country in ('FR','BE')"), "AB");
    EXPECT_EQ(customers(L, "country not in ('FR', 'BE')"), "CD");
    EXPECT_EQ(customers(L, "payment_terms_days in (0, 60)"), "CD");
    EXPECT_EQ(customers(L, "customer_type = 'public' and country in ('FR','BE') and custom_3 != ''"), "A");
}

TEST(Filter, DatesAndItemFields) {
    const Ledger L = Ledger::load_sources(dataset());
    EXPECT_EQ(items(L, "due_date < '2026-06-01'"), "I1 I2 I4 ");
    EXPECT_EQ(items(L, "issue_date >= '2026-06-01' and issue_date <= '2026-06-30'"), "I3 ");
    EXPECT_EQ(items(L, "promise_date = ''"), "I1 I2 I3 I4 I5 ");
    EXPECT_EQ(items(L, "status_category = 'dispute'"), "I1 ");
    EXPECT_EQ(items(L, "status_subtype = 'price'"), "I1 ");
    EXPECT_EQ(items(L, "status = 'promise'"), "I3 ");
    EXPECT_EQ(items(L, "type in ('credit_note', 'payment')"), "I2 ");
    // days past due at A: I1 30, I2 51, I3 −1, I4 150, I5 −45.
    EXPECT_EQ(items(L, "days_past_due > 30"), "I2 I4 ");
    EXPECT_EQ(items(L, "item_custom_1 = 'q'"), "I3 ");
    EXPECT_EQ(items(L, "custom_1 = '712'"), "I1 I2 "); // the customer's custom_1
    EXPECT_EQ(items(L, "item_currency = 'EUR' and currency = 'EUR' and balance > 0"), "I1 I3 I4 I5 ");
}

TEST(Filter, ReportSelectsCustomersOrItems) {
    const Ledger L = Ledger::load_sources(dataset());
    // A customer expression keeps all of the customer's items.
    std::vector<std::uint8_t> cm(4, 1), im(5, 1);
    apply_filter(L, "country = 'FR'", Date::parse_or_throw("2026-06-30"), cm, im);
    EXPECT_EQ(cm, (std::vector<std::uint8_t>{1, 0, 0, 0})); // A only (D is ES)
    EXPECT_EQ(im, (std::vector<std::uint8_t>{1, 1, 1, 1, 1})); // the engine drops items of other customers
    // An item expression selects items and the customers having one issued by A.
    cm.assign(4, 1);
    im.assign(5, 1);
    apply_filter(L, "amount > 20", Date::parse_or_throw("2026-06-30"), cm, im);
    EXPECT_EQ(im, (std::vector<std::uint8_t>{1, 0, 1, 1, 0}));
    EXPECT_EQ(cm, (std::vector<std::uint8_t>{1, 1, 1, 0}));
    // At an earlier as-of date an item issued later selects no customer: I5 (D, issued
    // 07-15) matches `amount > 5` but does not exist at 2026-06-30; I2 (−20) does not match.
    cm.assign(4, 1);
    im.assign(5, 1);
    apply_filter(L, "amount > 5", Date::parse_or_throw("2026-06-30"), cm, im);
    EXPECT_EQ(im, (std::vector<std::uint8_t>{1, 0, 1, 1, 1}));
    EXPECT_EQ(cm, (std::vector<std::uint8_t>{1, 1, 1, 0}));
    // The risk report lists only the selected customers.
    const Table t = run(L, "risk", "2026-06-30", "", {}, "status_category = 'dispute'");
    ASSERT_EQ(t.rows(), 1u);
    EXPECT_EQ(t.cell_text(1, 0), "A");
    EXPECT_EQ(t.cell_text(2, 0), "100.00"); // only I1: the credit note is not selected
}

TEST(Filter, ExtraFiguresFromTheCaller) {
    const Ledger L = Ledger::load_sources(dataset());
    FieldResolver r = customer_fields(L);
    // A figure such as avg_days_late = 10/3 for A, undefined for the others.
    r.add("avg_days_late", {FieldType::number, FieldScope::customer,
                            [](const FilterRow& row) {
                                return row.customer == 0 ? FieldValue::of_ratio(10, 3) : FieldValue::none();
                            },
                            "test figure"});
    r.add("over_limit", {FieldType::boolean, FieldScope::customer,
                         [](const FilterRow& row) { return FieldValue::of_bool(row.customer == 2); }, "test"});
    auto match = [&](const std::string& e) {
        const Filter f = Filter::compile(e, r);
        EXPECT_FALSE(f.uses_item_fields());
        std::string s;
        for (std::uint32_t c = 0; c < 4; ++c)
            if (f.matches({c, kNoRow})) s += static_cast<char>('A' + c);
        return s;
    };
    EXPECT_EQ(match("avg_days_late > 3.333333"), "A");   // 3.3333… exactly
    EXPECT_EQ(match("avg_days_late < 3.333334"), "A");
    EXPECT_EQ(match("avg_days_late <= 3.33"), "");
    EXPECT_EQ(match("avg_days_late = ''"), "BCD");
    EXPECT_EQ(match("over_limit"), "C");
    EXPECT_EQ(match("not over_limit and country != 'ES'"), "AB");
    EXPECT_EQ(match("over_limit = false"), "ABD");
    // Item fields are not known to a customer resolver.
    EXPECT_THROW(Filter::compile("amount > 1", r), Error);
    // The empty filter matches everything.
    EXPECT_TRUE(Filter::compile("  ", r).empty());
    EXPECT_EQ(match(""), "ABCD");
}

TEST(Filter, ErrorsPointAtTheColumn) {
    const Ledger L = Ledger::load_sources(dataset());
    // Unknown field, with a suggestion; column 20 is where 'contry' starts.
    std::string m = error_of(L, "custom_3 != '' and contry = 'FR'");
    EXPECT_NE(m.find("column 20: unknown field 'contry' (did you mean country?)"), std::string::npos) << m;
    EXPECT_NE(m.find("expected one of: entity, customer_id"), std::string::npos) << m;
    // Columns count characters, not bytes: 'Société' has one 2-byte é before it.
    m = error_of(L, "name = 'Société' and bogus = 1");
    EXPECT_NE(m.find("column 22: unknown field 'bogus'"), std::string::npos) << m;
    m = error_of(L, "country = ");
    EXPECT_NE(m.find("column 11: expected a value"), std::string::npos) << m;
    m = error_of(L, "country = 'FR' and");
    EXPECT_NE(m.find("column 19: expected a condition"), std::string::npos) << m;
    m = error_of(L, "(country = 'FR'");
    EXPECT_NE(m.find("column 16: expected ')' to close the '(' at column 1"), std::string::npos) << m;
    m = error_of(L, "country = 'FR')");
    EXPECT_NE(m.find("column 15: unbalanced ')'"), std::string::npos) << m;
    m = error_of(L, "country 'FR'");
    EXPECT_NE(m.find("column 9: expected a comparison operator"), std::string::npos) << m;
    m = error_of(L, "country = 'FR");
    EXPECT_NE(m.find("column 11: unterminated string"), std::string::npos) << m;
    m = error_of(L, "country == 'FR'");
    EXPECT_NE(m.find("column 9: unexpected '=='"), std::string::npos) << m;
    m = error_of(L, "country = \"FR\"");
    EXPECT_NE(m.find("column 11: unexpected '\"'; strings are written in single quotes"), std::string::npos) << m;
    m = error_of(L, "country in 'FR'");
    EXPECT_NE(m.find("column 12: expected '(' after 'in'"), std::string::npos) << m;
    m = error_of(L, "country in ('FR' 'BE')");
    EXPECT_NE(m.find("column 18: expected ',' or ')'"), std::string::npos) << m;
    // Type errors point at the value.
    m = error_of(L, "due_date < '2026-13-01'");
    EXPECT_NE(m.find("column 12: field due_date is a date: expected a date 'YYYY-MM-DD'"), std::string::npos) << m;
    m = error_of(L, "payment_terms_days > 'abc'");
    EXPECT_NE(m.find("column 22: field payment_terms_days is a number: expected a number"), std::string::npos) << m;
    m = error_of(L, "credit_limit < ''");
    EXPECT_NE(m.find("column 14: '<' cannot be used with '' (empty)"), std::string::npos) << m;
    m = error_of(L, "country = 1 and payment_terms_days > 1x");
    EXPECT_NE(m.find("column 39: unexpected 'x' after the number 1"), std::string::npos) << m;
    m = error_of(L, "country = 'FR' # comment");
    EXPECT_NE(m.find("column 16: unexpected character '#'"), std::string::npos) << m;
    // The message shows the expression and a caret under the column.
    m = error_of(L, "country = ");
    EXPECT_NE(m.find("\n  country = \n            ^"), std::string::npos) << m;
}

TEST(Filter, ReportRejectsBadWhere) {
    const Ledger L = Ledger::load_sources(dataset());
    try {
        run(L, "risk", "2026-06-30", "", {}, "rating = ");
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::invalid_argument);
        EXPECT_NE(std::string(e.what()).find("column 10"), std::string::npos) << e.what();
    }
}
