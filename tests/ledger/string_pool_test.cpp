// StringPool::append_pending / index_pending: the bulk interning of item ids.
// index_pending takes the hashes from the caller, so a test can make every string
// collide and check that equal strings still resolve to one id and different ones
// stay apart.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dsocore/ledger/strings.hpp"

using namespace dsocore;

namespace {

std::vector<std::uint32_t> real_hashes(const StringPool& S, const std::vector<StrId>& ids) {
    std::vector<std::uint32_t> h;
    for (const StrId id : ids) h.push_back(StringPool::hash(S[id]));
    return h;
}

} // namespace

TEST(StringPoolBulk, PendingIdsResolveToTheFirstOrTheOlderId) {
    StringPool S;
    const StrId c1 = S.intern("C1"); // indexed before: an item id "C1" gets this id
    std::vector<StrId> ids;
    for (const char* s : {"I1", "I2", "C1", "I1", "", "I3", "I2"}) ids.push_back(S.append_pending(s));
    // "" is id 0 and skipped; pending ids are new ids in append order.
    EXPECT_EQ(ids[4], 0u);
    const std::vector<StrId> pending = ids;
    // Pending strings are invisible until indexed.
    EXPECT_EQ(S.find("I1"), StringPool::npos);
    S.index_pending(ids, real_hashes(S, ids));
    // I1 → its first pending id (k = 0); the repeat at k = 3 resolves to it.
    EXPECT_EQ(ids[0], pending[0]);
    EXPECT_EQ(ids[3], pending[0]);
    EXPECT_EQ(ids[1], pending[1]);
    EXPECT_EQ(ids[6], pending[1]);
    EXPECT_EQ(ids[2], c1); // the older id, not the pending one
    EXPECT_EQ(ids[4], 0u);
    EXPECT_EQ(ids[5], pending[5]);
    EXPECT_EQ(S.find("I1"), pending[0]);
    EXPECT_EQ(S.find("I2"), pending[1]);
    EXPECT_EQ(S.find("I3"), pending[5]);
    EXPECT_EQ(S.find("C1"), c1);
    // Later interning sees the indexed strings.
    EXPECT_EQ(S.intern("I3"), pending[5]);
    EXPECT_EQ(S[S.intern("I4")], "I4");
}

TEST(StringPoolBulk, EveryHashCollidingStillSeparatesStrings) {
    // 3,000 strings, each twice (second copy after all first ones), every one given the
    // same hash: one probe cluster; each string must resolve to its first copy's id.
    StringPool S;
    std::vector<StrId> ids;
    const int n = 3000;
    for (int round = 0; round < 2; ++round)
        for (int k = 0; k < n; ++k) ids.push_back(S.append_pending("K" + std::to_string(k)));
    const std::vector<StrId> pending = ids;
    const std::vector<std::uint32_t> same(ids.size(), 0xDEADBEEFu);
    S.index_pending(ids, same);
    for (int k = 0; k < n; ++k) {
        ASSERT_EQ(ids[static_cast<std::size_t>(k)], pending[static_cast<std::size_t>(k)]) << k;
        ASSERT_EQ(ids[static_cast<std::size_t>(n + k)], pending[static_cast<std::size_t>(k)]) << k;
    }
}

TEST(StringPoolBulk, HashesCollidingInTheHomeSlotOnly) {
    // Hashes equal in their low bits (same home slot, same bucket) but different above:
    // the full hash tells them apart before any string comparison; order is kept.
    StringPool S;
    std::vector<StrId> ids;
    std::vector<std::uint32_t> h;
    for (std::uint32_t k = 0; k < 500; ++k) {
        ids.push_back(S.append_pending("X" + std::to_string(k)));
        h.push_back(k << 24 | 0x5u);
    }
    ids.push_back(S.append_pending("X7")); // repeat of k = 7, same hash as it
    h.push_back(7u << 24 | 0x5u);
    const std::vector<StrId> pending = ids;
    S.index_pending(ids, h);
    for (std::size_t k = 0; k < 500; ++k) ASSERT_EQ(ids[k], pending[k]);
    EXPECT_EQ(ids[500], pending[7]);
}

TEST(StringPoolBulk, LargeBatchGrowsTheTableOnce) {
    // More pending ids than the initial table (1,024 slots) holds: index_pending sizes
    // the table first; every id is then found by its real hash.
    StringPool S;
    std::vector<StrId> ids;
    for (int k = 0; k < 50000; ++k) ids.push_back(S.append_pending("item-" + std::to_string(k)));
    const std::vector<StrId> pending = ids;
    S.index_pending(ids, real_hashes(S, ids));
    EXPECT_EQ(ids, pending);
    for (int k = 0; k < 50000; k += 997) EXPECT_EQ(S.find("item-" + std::to_string(k)), pending[static_cast<std::size_t>(k)]);
    EXPECT_EQ(S.find("item-50000"), StringPool::npos);
}

TEST(StringPoolBulk, BatchSortedOnSeveralThreadsResolvesAsOneThread) {
    // 2^18 keys and more: the bucket sorts run on all cores. 400,000 pending ids, every
    // string given twice (the repeat 200,000 rows later) and a few interned before:
    // each resolves to its first copy, or to the older id, exactly as a small batch.
    StringPool S;
    const StrId older = S.intern("id-123456");
    std::vector<StrId> ids;
    const int n = 200000;
    for (int round = 0; round < 2; ++round)
        for (int k = 0; k < n; ++k) ids.push_back(S.append_pending("id-" + std::to_string(k)));
    const std::vector<StrId> pending = ids;
    S.index_pending(ids, real_hashes(S, ids));
    for (int k = 0; k < n; ++k) {
        const auto first = static_cast<std::size_t>(k);
        const StrId want = k == 123456 ? older : pending[first];
        ASSERT_EQ(ids[first], want) << k;
        ASSERT_EQ(ids[first + n], want) << k;
    }
    EXPECT_EQ(S.find("id-199999"), pending[199999]);
}
