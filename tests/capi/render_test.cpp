// C ABI — render: the message of a payer and step, byte for byte as `dsocore render`.
#include "capi_fixture.hpp"

namespace {
const char* kAsOf = "2026-06-30";

class RenderTest : public CapiTest {
protected:
    void SetUp() override {
        CapiTest::SetUp();
        dso_load_options o = DSO_LOAD_OPTIONS_INIT;
        o.templates = 1;
        ASSERT_EQ(dso_ledger_load_opts(ctx, DSOCORE_TEST_DATA, &o, &ledger), DSO_OK) << errmsg();
    }
    std::string cli_render(const std::string& customer, const std::string& step) {
        return run_stdout(std::string(DSOCORE_CLI) + " render --data '" + DSOCORE_TEST_DATA + "' --as-of " + kAsOf +
                          " --customer " + customer + " --step " + step);
    }
};
} // namespace

// Three channels of the sample's agenda at 2026-06-30 (`dsocore agenda`): an SMS
// reminder (DE01:C000276 r2), an email (DE01:C000192 r1), a letter (DE01:C000241 fn).
TEST_F(RenderTest, SameBytesAsTheCli) {
    if (std::string(DSOCORE_CLI).empty()) GTEST_SKIP() << "no CLI in this build";
    for (const auto& [customer, step] : {std::pair{"DE01:C000276", "r2"}, std::pair{"DE01:C000192", "r1"},
                                         std::pair{"DE01:C000241", "fn"}}) {
        dso_message* m = nullptr;
        ASSERT_EQ(dso_render(ctx, ledger, kAsOf, customer, step, nullptr, &m), DSO_OK) << errmsg();
        const std::string expected = cli_render(customer, step);
        ASSERT_FALSE(expected.empty()) << customer;
        EXPECT_EQ(dso_message_get(m, DSO_MESSAGE_TEXT), expected) << customer << " " << step;
        dso_message_destroy(m);
    }
}

TEST_F(RenderTest, PartsOfAnSms) {
    dso_message* m = nullptr;
    ASSERT_EQ(dso_render(ctx, ledger, kAsOf, "DE01:C000276", "r2", nullptr, &m), DSO_OK) << errmsg();
    EXPECT_STREQ(dso_message_get(m, DSO_MESSAGE_CHANNEL), "sms");
    EXPECT_STREQ(dso_message_get(m, DSO_MESSAGE_TEMPLATE), "reminder2_sms");
    // customers.csv: C000276 speaks French and has phone +41 28 8501895.
    EXPECT_STREQ(dso_message_get(m, DSO_MESSAGE_LOCALE), "fr");
    EXPECT_STREQ(dso_message_get(m, DSO_MESSAGE_TO), "+41 28 8501895");
    EXPECT_STREQ(dso_message_get(m, DSO_MESSAGE_SUBJECT), "");
    const std::string body = dso_message_get(m, DSO_MESSAGE_BODY);
    // The agenda row's amount 7849.66 EUR in French: "7 849,66 €" with U+202F as the
    // group separator and U+00A0 before the sign (ICU fr).
    EXPECT_NE(body.find("7\u202f849,66\u00a0€"), std::string::npos) << body;
    int encoding = -1;
    size_t characters = 0, units = 0, segments = 0;
    ASSERT_EQ(dso_message_sms(m, &encoding, &characters, &units, &segments), 1);
    // U+202F is not in GSM 03.38: UCS-2. Every character is in the BMP, so UTF-16 units =
    // characters; above 70 units an SMS is cut in segments of 67: ceil(units / 67).
    EXPECT_EQ(encoding, 1);
    EXPECT_EQ(units, characters);
    EXPECT_GT(units, 70u);
    EXPECT_EQ(segments, (units + 66) / 67);
    EXPECT_EQ(dso_message_sms(m, nullptr, nullptr, nullptr, nullptr), 1);
    dso_message_destroy(m);

    ASSERT_EQ(dso_render(ctx, ledger, kAsOf, "DE01:C000192", "r1", nullptr, &m), DSO_OK) << errmsg();
    EXPECT_STREQ(dso_message_get(m, DSO_MESSAGE_CHANNEL), "email");
    EXPECT_EQ(dso_message_sms(m, &encoding, nullptr, nullptr, nullptr), 0); // not an SMS
    EXPECT_STRNE(dso_message_get(m, DSO_MESSAGE_SUBJECT), "");
    dso_message_destroy(m);
}

TEST_F(RenderTest, ScenarioOption) {
    dso_render_options o = DSO_RENDER_OPTIONS_INIT;
    o.scenario = "standard";
    dso_message* m = nullptr;
    ASSERT_EQ(dso_render(ctx, ledger, kAsOf, "DE01:C000276", "r2", &o, &m), DSO_OK) << errmsg();
    dso_message_destroy(m);
    o.scenario = "key_accounts"; // r2 of C000276 is pending in `standard` only
    EXPECT_EQ(dso_render(ctx, ledger, kAsOf, "DE01:C000276", "r2", &o, &m), DSO_ENOT_FOUND);
    EXPECT_EQ(m, nullptr);
    o.version = 0;
    EXPECT_EQ(dso_render(ctx, ledger, kAsOf, "DE01:C000276", "r2", &o, &m), DSO_EINVALID_ARGUMENT);
}

TEST_F(RenderTest, NotFoundNamesThePendingSteps) {
    dso_message* m = nullptr;
    EXPECT_EQ(dso_render(ctx, ledger, kAsOf, "DE01:C000276", "zz", nullptr, &m), DSO_ENOT_FOUND);
    EXPECT_NE(errmsg().find("pending: r2 (standard)"), std::string::npos) << errmsg();
    EXPECT_EQ(dso_render(ctx, ledger, kAsOf, "DE01:NOBODY", "r1", nullptr, &m), DSO_ENOT_FOUND);
    EXPECT_EQ(m, nullptr);
}

TEST_F(RenderTest, BadArguments) {
    dso_message* m = nullptr;
    EXPECT_EQ(dso_render(nullptr, ledger, kAsOf, "DE01:C000276", "r2", nullptr, &m), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_render(ctx, nullptr, kAsOf, "DE01:C000276", "r2", nullptr, &m), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_render(ctx, ledger, nullptr, "DE01:C000276", "r2", nullptr, &m), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_render(ctx, ledger, "30/06/2026", "DE01:C000276", "r2", nullptr, &m), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_render(ctx, ledger, kAsOf, nullptr, "r2", nullptr, &m), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_render(ctx, ledger, kAsOf, "DE01:C000276", nullptr, nullptr, &m), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(dso_render(ctx, ledger, kAsOf, "DE01:C000276", "r2", nullptr, nullptr), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(m, nullptr);
    EXPECT_STREQ(dso_message_get(nullptr, DSO_MESSAGE_BODY), "");
    EXPECT_EQ(dso_message_sms(nullptr, nullptr, nullptr, nullptr, nullptr), 0);
    dso_message_destroy(nullptr);
}

TEST_F(CapiTest, RenderNeedsALedgerWithTemplates) {
    ASSERT_EQ(dso_ledger_load(ctx, DSOCORE_TEST_DATA, &ledger), DSO_OK) << errmsg();
    dso_message* m = nullptr;
    EXPECT_EQ(dso_render(ctx, ledger, "2026-06-30", "DE01:C000276", "r2", nullptr, &m), DSO_EINVALID_ARGUMENT);
    EXPECT_NE(errmsg().find("templates = 1"), std::string::npos) << errmsg();
    dso_load_options o = DSO_LOAD_OPTIONS_INIT;
    o.version = 7;
    dso_ledger* other = nullptr;
    EXPECT_EQ(dso_ledger_load_opts(ctx, DSOCORE_TEST_DATA, &o, &other), DSO_EINVALID_ARGUMENT);
    EXPECT_EQ(other, nullptr);
}
