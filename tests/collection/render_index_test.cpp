// render_message through the agenda's per-payer item index (PayerItemIndex) against
// the full scan of the ledger it replaces, on the generated sample data
// (examples/data: 240 customers, 10 of them paid by a payment center, ~6,000 items in
// EUR/USD/GBP, ~7,200 actions).
#include <gtest/gtest.h>

#include <set>
#include <thread>
#include <tuple>
#include <vector>

#include "dsocore/collection/agenda.hpp"
#include "dsocore/collection/render.hpp"
#include "dsocore/core/decimal.hpp"
#include "dsocore/core/error.hpp"
#include "dsocore/ledger/fx.hpp"

using namespace dsocore;

namespace {

const Date A = Date::from_ymd(2026, 6, 30);

const Ledger& sample() {
    static const Ledger L = [] {
        LoadOptions o;
        o.templates = true;
        o.builtin_templates = std::string(DSOCORE_SOURCE_DIR) + "/src/collection/templates";
        return Ledger::load(std::string(DSOCORE_SOURCE_DIR) + "/examples/data", o);
    }();
    return L;
}

/// The reference: #TOTAL_DUE and #TOTAL_OVERDUE as render_template computed them before
/// the index — a scan of every item of the ledger keeping those whose customer's payer
/// is the row's payer, issued by A, with bal_A ≠ 0, converted to the payer's currency
/// at A; overdue when due < A.
std::pair<std::int64_t, std::int64_t> reference_totals(const Ledger& L, std::uint32_t payer, Date as_of) {
    const CustomerTable& C = L.customers();
    const ItemTable& I = L.items();
    const std::int32_t d = as_of.days();
    const Converter to_acct(L.fx(), C.currency[payer]);
    std::int64_t due = 0, overdue = 0;
    for (std::uint32_t i = 0; i < I.size(); ++i) {
        if (C.payer[I.customer[i]] != payer || I.issue_date[i] > d) continue;
        const std::int64_t b = L.balance_at(i, d);
        if (b == 0) continue;
        const std::int64_t x = to_acct.convert(b, I.currency[i], d);
        due = checked_add(due, x);
        if (I.due_date[i] < d) overdue = checked_add(overdue, x);
    }
    return {due, overdue};
}

/// The agenda's rows that have a message template.
std::vector<std::size_t> rows_with_template(const Ledger& L, const Agenda& ag) {
    std::vector<std::size_t> rows;
    for (std::size_t r = 0; r < ag.rows.size(); ++r) {
        try {
            (void)render_message(L, ag, r);
            rows.push_back(r);
        } catch (const Error& e) {
            if (e.code() != Errc::not_found) throw;
        }
    }
    return rows;
}

void expect_same(const RenderedMessage& a, const RenderedMessage& b) {
    EXPECT_EQ(a.template_path, b.template_path);
    EXPECT_EQ(a.locale, b.locale);
    EXPECT_EQ(a.to, b.to);
    EXPECT_EQ(a.subject, b.subject);
    EXPECT_EQ(a.body, b.body);
    EXPECT_EQ(format_rendered(a), format_rendered(b));
}

} // namespace

TEST(PayerItemIndex, SameItemsAndOrderAsTheFullScan) {
    const Ledger& L = sample();
    const CustomerTable& C = L.customers();
    const ItemTable& I = L.items();
    const PayerItemIndex x = PayerItemIndex::build(L);
    ASSERT_EQ(x.offsets.size(), C.size() + 1);
    ASSERT_EQ(x.rows.size(), I.size());
    std::size_t centers = 0;
    for (std::uint32_t p = 0; p < C.size(); ++p) {
        std::vector<std::uint32_t> want;
        for (std::uint32_t i = 0; i < I.size(); ++i)
            if (C.payer[I.customer[i]] == p) want.push_back(i);
        const std::vector<std::uint32_t> got(x.rows.begin() + x.offsets[p], x.rows.begin() + x.offsets[p + 1]);
        EXPECT_EQ(got, want) << "payer row " << p;
        bool pays_for_other = false;
        for (std::uint32_t c = 0; c < C.size(); ++c) pays_for_other |= c != p && C.payer[c] == p;
        centers += pays_for_other ? 1 : 0;
    }
    EXPECT_GT(centers, 0u); // the sample has payment centers: their items come from several accounts
}

TEST(RenderIndex, TotalsEqualTheFullScanOnSampleData) {
    const Ledger& L = sample();
    Template t;
    t.name = "totals";
    t.language = "en";
    t.path = "test:totals";
    t.body = "#TOTAL_DUE|#TOTAL_OVERDUE";
    for (const Date as_of : {A, Date::from_ymd(2026, 3, 31), Date::from_ymd(2026, 12, 31)}) {
        AgendaOptions opt;
        opt.horizon_days = 36600; // every pending row
        const Agenda ag = compute_agenda(L, as_of, opt);
        ASSERT_GT(ag.rows.size(), 20u);
        for (std::size_t r = 0; r < ag.rows.size(); ++r) {
            const std::uint32_t payer = ag.rows[r].payer;
            std::string lang(L.str(L.customers().language[payer]));
            if (lang.empty()) lang = "en";
            const Currency acct = L.customers().currency[payer];
            const auto [due, overdue] = reference_totals(L, payer, as_of);
            const RenderedMessage m = render_template(L, t, Channel::letter, ag, r);
            EXPECT_EQ(m.body, format_money(due, acct, lang) + "|" + format_money(overdue, acct, lang))
                << as_of.to_string() << " row " << r;
        }
    }
}

TEST(RenderIndex, MessagesEqualTheFullScanOnSampleData) {
    const Ledger& L = sample();
    AgendaOptions opt;
    opt.horizon_days = 36600;
    const Agenda ag = compute_agenda(L, A, opt);
    // The same agenda without its index: render_message falls back to the full scan.
    Agenda scan = ag;
    scan.payer_items = nullptr;
    const std::vector<std::size_t> rows = rows_with_template(L, ag);
    ASSERT_GT(rows.size(), 20u);
    for (const std::size_t r : rows) {
        SCOPED_TRACE("row " + std::to_string(r));
        expect_same(render_message(L, ag, r), render_message(L, scan, r));
    }
}

TEST(RenderIndex, BuiltOnceAcrossThreads) {
    const Ledger& L = sample();
    AgendaOptions opt;
    opt.horizon_days = 36600;
    const Agenda ag = compute_agenda(L, A, opt); // a fresh index, built by the first caller
    Agenda scan = ag;
    scan.payer_items = nullptr;
    std::vector<std::size_t> rows;
    for (std::size_t r = 0; r < ag.rows.size() && rows.size() < 40; ++r)
        if (!L.scenarios().list[ag.rows[r].scenario].steps[ag.rows[r].step].template_name.empty()) rows.push_back(r);
    ASSERT_FALSE(rows.empty());
    const Agenda fresh = compute_agenda(L, A, opt);
    std::vector<std::vector<RenderedMessage>> out(2);
    std::vector<std::thread> th;
    for (std::size_t k = 0; k < 2; ++k)
        th.emplace_back([&, k] {
            for (const std::size_t r : rows) out[k].push_back(render_message(L, fresh, r));
        });
    for (auto& x : th) x.join();
    for (std::size_t k = 0; k < 2; ++k)
        for (std::size_t j = 0; j < rows.size(); ++j) expect_same(out[k][j], render_message(L, scan, rows[j]));
    EXPECT_NE(fresh.payer_items->get(L), nullptr);
}

TEST(RenderIndex, AnotherLedgerFallsBackToTheScan) {
    // An agenda whose index was built for one ledger, rendered against an equal copy
    // loaded again: the index is not used for it (nullptr) and the message is the same.
    const Ledger& L = sample();
    LoadOptions o;
    o.templates = true;
    o.builtin_templates = std::string(DSOCORE_SOURCE_DIR) + "/src/collection/templates";
    const Ledger L2 = Ledger::load(std::string(DSOCORE_SOURCE_DIR) + "/examples/data", o);
    const Agenda ag = compute_agenda(L, A);
    const std::vector<std::size_t> rows = rows_with_template(L, ag); // builds the index for L
    ASSERT_FALSE(rows.empty());
    EXPECT_NE(ag.payer_items->get(L), nullptr);
    EXPECT_EQ(ag.payer_items->get(L2), nullptr);
    expect_same(render_message(L2, ag, rows.front()), render_message(L, ag, rows.front()));
}

TEST(AgendaOrder, SampleDataSortedAsCollectionMdSection8) {
    // Reference comparator of §8 on the strings themselves (the agenda ranks the payers
    // once): action_date, entity, customer_id, step order, scenario id; each
    // (payer, scenario, step) at most once.
    const Ledger& L = sample();
    const CustomerTable& C = L.customers();
    AgendaOptions opt;
    opt.horizon_days = 36600;
    const Agenda ag = compute_agenda(L, A, opt);
    ASSERT_GT(ag.rows.size(), 20u);
    auto key = [&](const AgendaRow& r) {
        return std::make_tuple(r.action_date, L.str(C.entity[r.payer]), L.str(C.customer_id[r.payer]), r.step,
                               std::string_view(L.scenarios().list[r.scenario].id));
    };
    for (std::size_t k = 1; k < ag.rows.size(); ++k) EXPECT_LT(key(ag.rows[k - 1]), key(ag.rows[k])) << "row " << k;
    std::set<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>> seen;
    for (const AgendaRow& r : ag.rows) EXPECT_TRUE(seen.insert({r.payer, r.scenario, r.step}).second);
}
