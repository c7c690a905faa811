// SparseColumn (include/dsocore/ledger/column.hpp): reads like a dense vector whatever
// the fill, picks its form by size, survives set() and its snapshot parts.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "dsocore/ledger/column.hpp"
#include "dsocore/ledger/ledger.hpp"

using namespace dsocore;

namespace {

using Dates = SparseColumn<std::int32_t, kNoDate>;
using Texts = SparseColumn<std::uint32_t>;

/// A column and the dense vector it must read like: `fill` per mille of the rows present.
template <class Col>
std::vector<typename Col::value_type> fill(Col& c, std::size_t n, unsigned per_mille, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::vector<typename Col::value_type> v(n, Col::default_value);
    for (std::size_t r = 0; r < n; ++r) {
        if (rng() % 1000 < per_mille) v[r] = static_cast<typename Col::value_type>(1 + rng() % 50000);
        c.push_back(v[r]);
    }
    return v;
}

template <class Col>
void expect_same(const Col& c, const std::vector<typename Col::value_type>& v) {
    ASSERT_EQ(c.size(), v.size());
    for (std::size_t r = 0; r < v.size(); ++r) ASSERT_EQ(c[r], v[r]) << "row " << r << " of " << v.size();
    // The iterators read the same rows.
    std::vector<typename Col::value_type> back(c.begin(), c.end());
    EXPECT_EQ(back, v);
}

} // namespace

TEST(SparseColumn, ReadsLikeADenseVectorAtEveryFill) {
    // Sizes around the 64-row words: empty, one row, a word minus/plus one, several words.
    for (std::size_t n : {0u, 1u, 63u, 64u, 65u, 127u, 128u, 129u, 1000u, 4097u}) {
        for (unsigned pm : {0u, 10u, 500u, 1000u}) { // 0 %, 1 %, 50 %, 100 %
            Dates d;
            const auto want = fill(d, n, pm, static_cast<std::uint32_t>(n * 7 + pm));
            expect_same(d, want); // while loading (sparse form)
            d.finish();
            expect_same(d, want); // in its final form
            Texts t;
            const auto want_t = fill(t, n, pm, static_cast<std::uint32_t>(n * 11 + pm));
            t.finish();
            expect_same(t, want_t);
        }
    }
}

TEST(SparseColumn, FinishKeepsTheSmallestForm) {
    // 1000 rows = 16 words of 64 rows; a word costs 8 (bits) + 4 (rank) = 12 bytes.
    // Sparse: 4 bytes a present row + 16 × 12 = 192; dense: 4 × 1000 = 4000 bytes.
    // Dense is kept when 4000 <= 4k + 192, i.e. k >= 952 present rows.
    auto with_present = [](std::size_t k) {
        Texts c;
        for (std::size_t r = 0; r < 1000; ++r) c.push_back(r < k ? 7u : 0u);
        c.finish();
        return c;
    };
    EXPECT_EQ(with_present(0).form(), Texts::Form::none);
    EXPECT_EQ(with_present(0).memory_bytes(), 0u); // no row present: nothing stored
    EXPECT_EQ(with_present(0)[999], 0u);
    EXPECT_EQ(with_present(1).form(), Texts::Form::sparse);
    EXPECT_EQ(with_present(951).form(), Texts::Form::sparse);
    EXPECT_EQ(with_present(952).form(), Texts::Form::dense);
    EXPECT_EQ(with_present(1000).form(), Texts::Form::dense);
    // 1 % filled: 10 values (40 bytes) + 16 words (192 bytes), against 4000 dense.
    EXPECT_EQ(with_present(10).memory_bytes(), 40u + 16u * 8u + 16u * 4u);
    EXPECT_EQ(with_present(10).present(), 10u);
}

TEST(SparseColumn, SetInsertsOverwritesAndKeepsTheOtherRows) {
    for (unsigned pm : {0u, 10u, 500u, 1000u}) {
        Dates d;
        auto want = fill(d, 300, pm, pm + 1);
        d.finish();
        // Rows at word boundaries and in the middle; a new value, then an overwrite.
        for (std::size_t r : {0u, 63u, 64u, 150u, 299u}) {
            d.set(r, static_cast<std::int32_t>(90000 + r));
            want[r] = static_cast<std::int32_t>(90000 + r);
            expect_same(d, want);
        }
        d.set(64, 5);
        want[64] = 5;
        d.set(100, kNoDate); // Default on a row: absent, or present with the default value
        want[100] = kNoDate;
        expect_same(d, want);
    }
}

TEST(SparseColumn, PartsRoundTripAndInconsistentPartsAreRefused) {
    Texts a;
    const auto want = fill(a, 200, 100, 3); // 200 rows = 4 words, ~20 present
    a.finish();
    ASSERT_EQ(a.form(), Texts::Form::sparse);
    Texts b;
    EXPECT_EQ(b.set_parts(a.form(), a.size(), a.bits(), a.values()), nullptr);
    expect_same(b, want);
    // Viewed parts (as from a snapshot's mapping) are read without a copy.
    Texts v;
    ASSERT_EQ(v.set_parts(Texts::Form::sparse, a.size(), LedgerColumn<std::uint64_t>::view(a.bits().data(), a.bits().size()),
                          LedgerColumn<std::uint32_t>::view(a.values().data(), a.values().size())),
              nullptr);
    EXPECT_TRUE(v.is_view());
    expect_same(v, want);

    std::vector<std::uint64_t> bits(a.bits().begin(), a.bits().end());
    std::vector<std::uint32_t> vals(a.values().begin(), a.values().end());
    auto col64 = [](const std::vector<std::uint64_t>& x) {
        LedgerColumn<std::uint64_t> c;
        c.assign(x.begin(), x.end());
        return c;
    };
    auto col32 = [](const std::vector<std::uint32_t>& x) {
        LedgerColumn<std::uint32_t> c;
        c.assign(x.begin(), x.end());
        return c;
    };
    Texts c;
    // One value too few / too many for the present bits.
    auto fewer = vals;
    fewer.pop_back();
    EXPECT_NE(c.set_parts(Texts::Form::sparse, 200, col64(bits), col32(fewer)), nullptr);
    auto more = vals;
    more.push_back(1);
    EXPECT_NE(c.set_parts(Texts::Form::sparse, 200, col64(bits), col32(more)), nullptr);
    // A flipped presence bit: the count no longer matches.
    auto flipped = bits;
    flipped[1] ^= 1;
    EXPECT_NE(c.set_parts(Texts::Form::sparse, 200, col64(flipped), col32(vals)), nullptr);
    // A bit past row 199 (200 = 3 words + 8 rows: bit 8 of word 3 is row 200), with a
    // value for it so that the count alone would pass.
    auto past = bits;
    past[3] |= std::uint64_t{1} << 8;
    more = vals;
    more.push_back(1);
    EXPECT_NE(c.set_parts(Texts::Form::sparse, 200, col64(past), col32(more)), nullptr);
    // A bitmap of the wrong length; a dense form without one value a row; an unknown form.
    EXPECT_NE(c.set_parts(Texts::Form::sparse, 300, col64(bits), col32(vals)), nullptr);
    EXPECT_NE(c.set_parts(Texts::Form::dense, 200, {}, col32(vals)), nullptr);
    EXPECT_NE(c.set_parts(Texts::Form::none, 200, {}, col32(vals)), nullptr);
    EXPECT_NE(c.set_parts(static_cast<Texts::Form>(7), 200, {}, {}), nullptr);
    // A refused part leaves the column as it was (empty here).
    EXPECT_EQ(c.size(), 0u);
}
