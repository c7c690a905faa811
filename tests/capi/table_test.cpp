// C ABI — table handles: shape, column types, typed getters, nulls, bad indices.
#include "capi_fixture.hpp"

class CapiTable : public CapiTest {
protected:
    void SetUp() override {
        CapiTest::SetUp();
        load_tiny();
        ASSERT_EQ(dso_report(ctx, ledger, "aging", "2026-06-30", nullptr, &t), DSO_OK) << dso_context_errmsg(ctx);
    }
    void TearDown() override {
        dso_table_destroy(t);
        CapiTest::TearDown();
    }
    dso_table* t = nullptr;
};

TEST_F(CapiTable, ColumnTypes) {
    dso_cell_type type = DSO_CELL_BOOLEAN;
    int32_t scale = -1;
    ASSERT_EQ(dso_table_column_type(ctx, t, 1, &type, &scale), DSO_OK);
    EXPECT_EQ(type, DSO_CELL_TEXT);
    EXPECT_EQ(scale, 0);
    ASSERT_EQ(dso_table_column_type(ctx, t, 7, &type, &scale), DSO_OK);
    EXPECT_EQ(type, DSO_CELL_DECIMAL);
    EXPECT_EQ(scale, 2); // EUR has 2 minor-unit digits
    EXPECT_EQ(dso_table_column_type(ctx, t, 7, nullptr, nullptr), DSO_OK);
    EXPECT_EQ(dso_table_column_type(ctx, t, 9, &type, &scale), DSO_EINVALID_ARGUMENT);
    EXPECT_NE(std::string(dso_context_errmsg(ctx)).find("out of range"), std::string::npos);
}

TEST_F(CapiTable, TypedGetters) {
    const char* text = nullptr;
    size_t len = 0;
    ASSERT_EQ(dso_table_get_text(ctx, t, 1, 1, &text, &len), DSO_OK);
    EXPECT_STREQ(text, "C2");
    EXPECT_EQ(len, 2u);
    ASSERT_EQ(dso_table_get_text(ctx, t, 0, 0, &text, nullptr), DSO_OK);
    EXPECT_STREQ(text, "MAIN");
    // C2's 31-60 is the credit note: -20.00 = -2000 units at scale 2.
    dso_decimal d{0, 0};
    ASSERT_EQ(dso_table_get_decimal(ctx, t, 1, 4, &d), DSO_OK);
    EXPECT_EQ(d.units, -2000);
    EXPECT_EQ(d.scale, 2);
    size_t col = 99;
    ASSERT_EQ(dso_table_column_index(ctx, t, "total", &col), DSO_OK);
    EXPECT_EQ(col, 7u);
    ASSERT_EQ(dso_table_get_decimal(ctx, t, 0, col, &d), DSO_OK);
    EXPECT_EQ(d.units, 15050); // 150.50
    EXPECT_EQ(dso_table_column_index(ctx, t, "nope", &col), DSO_ENOT_FOUND);
}

TEST_F(CapiTable, WrongTypeAndRangeGiveCodes) {
    int64_t i = 0;
    EXPECT_EQ(dso_table_get_integer(ctx, t, 0, 7, &i), DSO_EINVALID_ARGUMENT);
    EXPECT_NE(std::string(dso_context_errmsg(ctx)).find("is decimal, not integer"), std::string::npos)
        << dso_context_errmsg(ctx);
    dso_date dt{0, 0, 0};
    EXPECT_EQ(dso_table_get_date(ctx, t, 0, 7, &dt), DSO_EINVALID_ARGUMENT);
    int b = 0;
    EXPECT_EQ(dso_table_get_boolean(ctx, t, 0, 7, &b), DSO_EINVALID_ARGUMENT);
    const char* text = nullptr;
    EXPECT_EQ(dso_table_get_text(ctx, t, 0, 7, &text, nullptr), DSO_EINVALID_ARGUMENT);
    dso_decimal d{0, 0};
    EXPECT_EQ(dso_table_get_decimal(ctx, t, 2, 7, &d), DSO_EINVALID_ARGUMENT); // row 2 of 2
    EXPECT_EQ(dso_table_get_decimal(ctx, t, 0, 7, nullptr), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_table_get_decimal(ctx, nullptr, 0, 7, &d), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_table_get_decimal(nullptr, t, 0, 7, &d), DSO_EINVALID_ARGUMENT);
    int is_null = -1;
    EXPECT_EQ(dso_table_is_null(ctx, t, 5, 0, &is_null), DSO_EINVALID_ARGUMENT);
    dso_buffer buf = DSO_BUFFER_INIT;
    EXPECT_EQ(dso_table_get_string(ctx, t, 0, 99, &buf), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(buf.ptr, nullptr);
    const char* name = nullptr;
    EXPECT_EQ(dso_table_column_name(ctx, t, 99, &name), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_table_row_count(nullptr), 0u);
    EXPECT_EQ(dso_table_column_count(nullptr), 0u);
    EXPECT_STREQ(dso_table_report(nullptr), "");
    EXPECT_STREQ(dso_table_as_of(nullptr), "");
    EXPECT_STREQ(dso_table_base_currency(nullptr), "");
}

TEST_F(CapiTable, CsvAndJson) {
    dso_buffer b = DSO_BUFFER_INIT;
    ASSERT_EQ(dso_table_to_csv(ctx, t, &b), DSO_OK);
    EXPECT_EQ(std::string(b.ptr, b.size),
              "entity,customer_id,not_due,1-30,31-60,61-90,91+,total,overdue\n"
              "MAIN,C1,50.50,100.00,0.00,0.00,0.00,150.50,100.00\n"
              "MAIN,C2,0.00,0.00,-20.00,0.00,200.00,180.00,180.00\n");
    ASSERT_EQ(dso_table_to_json(ctx, t, &b), DSO_OK);
    EXPECT_NE(std::string(b.ptr, b.size).find("\"total\": \"150.50\""), std::string::npos) << b.ptr;
    dso_buffer_dispose(&b);
}

TEST_F(CapiTest, NullCellsOnDso) {
    // The sample has customers without sales in (A-90, A]: their bpdso is an empty
    // field and the note says no_sales (reports.md, dso).
    ASSERT_EQ(dso_ledger_load(ctx, DSOCORE_TEST_DATA, &ledger), DSO_OK) << dso_context_errmsg(ctx);
    dso_table* t = nullptr;
    ASSERT_EQ(dso_report(ctx, ledger, "dso", "2026-06-30", nullptr, &t), DSO_OK) << dso_context_errmsg(ctx);
    size_t bp = 0, note = 0;
    ASSERT_EQ(dso_table_column_index(ctx, t, "bpdso", &bp), DSO_OK);
    ASSERT_EQ(dso_table_column_index(ctx, t, "note", &note), DSO_OK);
    size_t nulls = 0;
    for (size_t r = 0; r < dso_table_row_count(t); ++r) {
        int is_null = 0;
        ASSERT_EQ(dso_table_is_null(ctx, t, r, bp, &is_null), DSO_OK);
        if (!is_null) continue;
        ++nulls;
        // An empty figure: the typed getter refuses, the string form is "", the note says why.
        dso_decimal d{0, 0};
        EXPECT_EQ(dso_table_get_decimal(ctx, t, r, bp, &d), DSO_EINVALID_ARGUMENT);
        EXPECT_NE(std::string(dso_context_errmsg(ctx)).find("is empty"), std::string::npos);
        EXPECT_EQ(cell(t, r, bp), "");
        EXPECT_NE(cell(t, r, note), "");
    }
    EXPECT_GT(nulls, 0u);
    dso_table_destroy(t);
}
