// C ABI — act: an action recorded atomically in the data directory, seen after a reload.
#include "capi_fixture.hpp"

#include <algorithm>

namespace {
size_t agenda_rows_for(dso_context* ctx, dso_ledger* l, const char* customer_id, const char* step) {
    dso_table* t = nullptr;
    dso_agenda_options o = DSO_AGENDA_OPTIONS_INIT;
    o.horizon_days = 36600;
    EXPECT_EQ(dso_agenda(ctx, l, "2026-06-30", &o, &t), DSO_OK) << dso_context_errmsg(ctx);
    size_t c_id = 0, c_step = 0, n = 0;
    dso_table_column_index(ctx, t, "customer_id", &c_id);
    dso_table_column_index(ctx, t, "step", &c_step);
    for (size_t r = 0; r < dso_table_row_count(t); ++r) {
        const char* id = nullptr;
        const char* st = nullptr;
        dso_table_get_text(ctx, t, r, c_id, &id, nullptr);
        dso_table_get_text(ctx, t, r, c_step, &st, nullptr);
        n += std::string(id) == customer_id && std::string(st) == step;
    }
    dso_table_destroy(t);
    return n;
}
} // namespace

TEST_F(CapiTest, ActThenReloadShowsTheAction) {
    TempSample data;
    ASSERT_EQ(dso_ledger_load(ctx, data.str().c_str(), &ledger), DSO_OK) << errmsg();
    const std::string initial = slurp(data.dir() / "actions.csv");
    const auto actions_before = static_cast<size_t>(std::count(initial.begin(), initial.end(), '\n'));
    // The sample's agenda at 2026-06-30: DE01:C000192 has step r1 (email) pending on
    // RE2026-000547 and RE2026-000582.
    EXPECT_EQ(agenda_rows_for(ctx, ledger, "C000192", "r1"), 1u);
    dso_ledger_destroy(ledger);
    ledger = nullptr;

    dso_action a = DSO_ACTION_INIT;
    a.date = "2026-06-30";
    a.customer = "DE01:C000192";
    a.step = "r1";
    a.user = "u1";
    a.outcome = "sent";
    a.comment = "hello";
    dso_buffer id = DSO_BUFFER_INIT, line = DSO_BUFFER_INIT;
    ASSERT_EQ(dso_act(ctx, data.str().c_str(), &a, &id, &line), DSO_OK) << errmsg();
    // The last action_id of the sample's actions.csv is A0003866: the next is A0003867.
    // The line in the columns of actions.csv: entity, action_id, customer_id, date,
    // channel (the step's), scenario, step, item_ids (the row's, bytewise), user,
    // outcome, comment.
    EXPECT_EQ(take(id), "A0003867");
    const std::string expected =
        "DE01,A0003867,C000192,2026-06-30,email,standard,r1,RE2026-000547 RE2026-000582,u1,sent,hello";
    EXPECT_EQ(take(line), expected);
    const std::string after = slurp(data.dir() / "actions.csv");
    EXPECT_EQ(static_cast<size_t>(std::count(after.begin(), after.end(), '\n')), actions_before + 1);
    EXPECT_EQ(after.substr(after.size() - expected.size() - 1), expected + "\n");

    // Reloaded, the action is there and the items have left step r1.
    ASSERT_EQ(dso_ledger_load(ctx, data.str().c_str(), &ledger), DSO_OK) << errmsg();
    dso_buffer text = DSO_BUFFER_INIT;
    ASSERT_EQ(dso_ledger_file_text(ctx, ledger, "actions.csv", &text), DSO_OK) << errmsg();
    EXPECT_NE(take(text).find(expected + "\n"), std::string::npos);
    EXPECT_EQ(agenda_rows_for(ctx, ledger, "C000192", "r1"), 0u);

    // The same step again: no longer pending.
    EXPECT_EQ(dso_act(ctx, data.str().c_str(), &a, nullptr, nullptr), DSO_EINVALID_ARGUMENT) << errmsg();
}

TEST_F(CapiTest, ActOutOfScenarioAndIgnore) {
    TempSample data;
    dso_action a = DSO_ACTION_INIT;
    a.date = "2026-06-30";
    a.customer = "DE01:C000192";
    a.channel = "call";
    const char* items[] = {"RE2026-000547"};
    a.item_count = 1;
    a.item_ids = items;
    dso_buffer line = DSO_BUFFER_INIT;
    ASSERT_EQ(dso_act(ctx, data.str().c_str(), &a, nullptr, &line), DSO_OK) << errmsg();
    // Out of scenario: no scenario, no step.
    EXPECT_EQ(take(line), "DE01,A0003867,C000192,2026-06-30,call,,,RE2026-000547,,,");

    size_t changed = 99;
    ASSERT_EQ(dso_ignore_items(ctx, data.str().c_str(), "2026-06-30", "DE01:C000192", 1, items, &changed), DSO_OK)
        << errmsg();
    EXPECT_EQ(changed, 1u);
    ASSERT_EQ(dso_ignore_items(ctx, data.str().c_str(), "2026-06-30", "DE01:C000192", 1, items, &changed), DSO_OK);
    EXPECT_EQ(changed, 0u); // already ignored
    // items.csv: status ignored, status_date 2026-06-30, the other fields as they were.
    EXPECT_NE(slurp(data.dir() / "items.csv")
                  .find("DE01,RE2026-000547,C000192,invoice,2026-04-13,2026-06-12,USD,4665.41,4665.41,ignored,2026-06-30,,"),
              std::string::npos);
    // An item of another payer is refused, nothing written.
    const char* other[] = {"RE2025-000001"}; // C000172's
    const std::string before = slurp(data.dir() / "items.csv");
    EXPECT_EQ(dso_ignore_items(ctx, data.str().c_str(), "2026-06-30", "DE01:C000192", 1, other, &changed),
              DSO_EINVALID_ARGUMENT);
    EXPECT_NE(errmsg().find("not an item of DE01:C000192"), std::string::npos) << errmsg();
    EXPECT_EQ(slurp(data.dir() / "items.csv"), before);
}

TEST_F(CapiTest, ActBadArguments) {
    TempSample data;
    const std::string dir = data.str();
    const std::string before = slurp(data.dir() / "actions.csv");
    dso_action a = DSO_ACTION_INIT;
    a.date = "2026-06-30";
    a.customer = "DE01:C000192";
    EXPECT_EQ(dso_act(ctx, dir.c_str(), &a, nullptr, nullptr), DSO_EINVALID_ARGUMENT); // no step, no channel
    a.channel = "pigeon";
    EXPECT_EQ(dso_act(ctx, dir.c_str(), &a, nullptr, nullptr), DSO_EINVALID_ARGUMENT);
    EXPECT_NE(errmsg().find("pigeon"), std::string::npos);
    a.channel = nullptr;
    a.step = "r1";
    a.customer = "DE01:NOBODY";
    EXPECT_EQ(dso_act(ctx, dir.c_str(), &a, nullptr, nullptr), DSO_ENOT_FOUND);
    a.customer = nullptr;
    EXPECT_EQ(dso_act(ctx, dir.c_str(), &a, nullptr, nullptr), DSO_EINVALID_ARGUMENT);
    a.customer = "DE01:C000192";
    a.date = "yesterday";
    EXPECT_EQ(dso_act(ctx, dir.c_str(), &a, nullptr, nullptr), DSO_EINVALID_ARGUMENT);
    a.date = "2026-06-30";
    a.item_count = 2;
    a.item_ids = nullptr;
    EXPECT_EQ(dso_act(ctx, dir.c_str(), &a, nullptr, nullptr), DSO_EINVALID_ARGUMENT);
    a.item_count = 0;
    a.version = 0;
    EXPECT_EQ(dso_act(ctx, dir.c_str(), &a, nullptr, nullptr), DSO_EINVALID_ARGUMENT);
    a.version = DSO_ACTION_VERSION;
    EXPECT_EQ(dso_act(ctx, nullptr, &a, nullptr, nullptr), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_act(ctx, dir.c_str(), nullptr, nullptr, nullptr), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_act(nullptr, dir.c_str(), &a, nullptr, nullptr), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_ignore_items(ctx, dir.c_str(), "2026-06-30", "DE01:C000192", 0, nullptr, nullptr),
              DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_ignore_items(ctx, nullptr, "2026-06-30", "DE01:C000192", 0, nullptr, nullptr), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(slurp(data.dir() / "actions.csv"), before); // nothing written by a refused call
}
