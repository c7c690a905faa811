// C ABI — every cell type through the table getters. White-box: this binary compiles the
// C ABI source with the C++ library so that it can hand-build a table holding integer,
// date, boolean and null cells (reports with such columns arrive with other modules).
#include <gtest/gtest.h>

#include "../../bindings/c/guard.hpp"

namespace {
dso_table* make_table() {
    using namespace dsocore;
    Table t;
    t.report = "handmade";
    t.as_of = Date::from_ymd(2026, 6, 30);
    t.base_currency = "EUR";
    const auto c_text = t.add_column("name", CellType::text);
    const auto c_int = t.add_column("count", CellType::integer);
    const auto c_dec = t.add_column("amount", CellType::decimal, 3);
    const auto c_date = t.add_column("due", CellType::date);
    const auto c_bool = t.add_column("over", CellType::boolean);
    t.push_text(c_text, "é,\"x\"");
    t.push_int(c_int, -7);
    t.push_decimal(c_dec, -1234567); // -1234.567
    t.push_date(c_date, Date::from_ymd(2024, 2, 29));
    t.push_bool(c_bool, true);
    t.push_null(c_text);
    t.push_null(c_int);
    t.push_null(c_dec);
    t.push_null(c_date);
    t.push_null(c_bool);
    return new dso_table(std::move(t));
}
} // namespace

TEST(CapiTableTypes, EveryType) {
    dso_context* ctx = nullptr;
    ASSERT_EQ(dso_context_create(&ctx), DSO_OK);
    dso_table* t = make_table();
    EXPECT_STREQ(dso_table_as_of(t), "2026-06-30");
    const dso_cell_type types[] = {DSO_CELL_TEXT, DSO_CELL_INTEGER, DSO_CELL_DECIMAL, DSO_CELL_DATE, DSO_CELL_BOOLEAN};
    for (size_t c = 0; c < 5; ++c) {
        dso_cell_type ty{};
        int32_t scale = -1;
        ASSERT_EQ(dso_table_column_type(ctx, t, c, &ty, &scale), DSO_OK);
        EXPECT_EQ(ty, types[c]);
        EXPECT_EQ(scale, c == 2 ? 3 : 0);
    }
    int64_t i = 0;
    ASSERT_EQ(dso_table_get_integer(ctx, t, 0, 1, &i), DSO_OK);
    EXPECT_EQ(i, -7);
    dso_decimal d{};
    ASSERT_EQ(dso_table_get_decimal(ctx, t, 0, 2, &d), DSO_OK);
    EXPECT_EQ(d.units, -1234567);
    EXPECT_EQ(d.scale, 3);
    dso_date dt{};
    ASSERT_EQ(dso_table_get_date(ctx, t, 0, 3, &dt), DSO_OK);
    EXPECT_EQ(dt.year, 2024);
    EXPECT_EQ(dt.month, 2);
    EXPECT_EQ(dt.day, 29);
    int b = 0;
    ASSERT_EQ(dso_table_get_boolean(ctx, t, 0, 4, &b), DSO_OK);
    EXPECT_EQ(b, 1);
    const char* expected[] = {"é,\"x\"", "-7", "-1234.567", "2024-02-29", "true"};
    for (size_t c = 0; c < 5; ++c) {
        dso_buffer buf = DSO_BUFFER_INIT;
        ASSERT_EQ(dso_table_get_string(ctx, t, 0, c, &buf), DSO_OK);
        EXPECT_STREQ(buf.ptr, expected[c]);
        // Row 1 is all empty: is_null, "" as a string, and typed getters refuse.
        int is_null = 0;
        ASSERT_EQ(dso_table_is_null(ctx, t, 1, c, &is_null), DSO_OK);
        EXPECT_EQ(is_null, 1);
        ASSERT_EQ(dso_table_get_string(ctx, t, 1, c, &buf), DSO_OK);
        EXPECT_STREQ(buf.ptr, "");
        dso_buffer_dispose(&buf);
    }
    EXPECT_EQ(dso_table_get_integer(ctx, t, 1, 1, &i), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_table_get_date(ctx, t, 1, 3, &dt), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_table_get_boolean(ctx, t, 1, 4, &b), DSO_EINVALID_ARGUMENT);
    const char* text = nullptr;
    EXPECT_EQ(dso_table_get_text(ctx, t, 1, 0, &text, nullptr), DSO_EINVALID_ARGUMENT);
    dso_buffer csv = DSO_BUFFER_INIT;
    ASSERT_EQ(dso_table_to_csv(ctx, t, &csv), DSO_OK);
    EXPECT_STREQ(csv.ptr, "name,count,amount,due,over\n\"é,\"\"x\"\"\",-7,-1234.567,2024-02-29,true\n,,,,\n");
    dso_buffer_dispose(&csv);
    dso_table_destroy(t);
    dso_context_destroy(ctx);
}

TEST(CapiGuard, ExceptionsBecomeCodes) {
    using dsocore::capi::guard;
    dso_context ctx;
    EXPECT_EQ(guard(&ctx, "f", [] { throw dsocore::Error(dsocore::Errc::missing_rate, "no USD rate"); }),
              DSO_EMISSING_RATE);
    EXPECT_EQ(ctx.message, "no USD rate");
    EXPECT_EQ(guard(&ctx, "f", [] { throw std::bad_alloc(); }), DSO_EINTERNAL);
    EXPECT_EQ(ctx.message, "out of memory");
    EXPECT_EQ(guard(&ctx, "f", [] { throw std::logic_error("oops"); }), DSO_EINTERNAL);
    EXPECT_EQ(ctx.message, "f: internal error: oops");
    EXPECT_EQ(guard(&ctx, "f", [] { throw 42; }), DSO_EINTERNAL);
    EXPECT_EQ(guard(&ctx, "f", [] {}), DSO_OK);
    EXPECT_EQ(ctx.message, "");
}

TEST(CapiTableTypes, RowsWithTheirOwnDigits) {
    // A column of amounts each in its item's currency (scale 3 = the largest minor unit):
    // 1500 JPY has 0 digits, 12.50 EUR 2, 1.234 KWD 3. Each cell comes back at its own digits.
    using namespace dsocore;
    Table t;
    const auto c = t.add_column("amount", CellType::decimal, 3);
    t.push_decimal_at(c, 1500, 0);
    t.push_decimal_at(c, 1250, 2);
    t.push_decimal_at(c, 1234, 3);
    dso_table* h = new dso_table(std::move(t));
    dso_context* ctx = nullptr;
    ASSERT_EQ(dso_context_create(&ctx), DSO_OK);
    const int64_t units[] = {1500, 1250, 1234};
    const int32_t scales[] = {0, 2, 3};
    const char* texts[] = {"1500", "12.50", "1.234"};
    for (size_t r = 0; r < 3; ++r) {
        dso_decimal d{};
        ASSERT_EQ(dso_table_get_decimal(ctx, h, r, 0, &d), DSO_OK);
        EXPECT_EQ(d.units, units[r]);
        EXPECT_EQ(d.scale, scales[r]);
        dso_buffer b = DSO_BUFFER_INIT;
        ASSERT_EQ(dso_table_get_string(ctx, h, r, 0, &b), DSO_OK);
        EXPECT_STREQ(b.ptr, texts[r]);
        dso_buffer_dispose(&b);
    }
    dso_table_destroy(h);
    dso_context_destroy(ctx);
}
