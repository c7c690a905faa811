// dsocore — the column types of the ledger's tables.
//
// LedgerColumn<T> (not `Column`: reports/table.hpp has one) reads like a std::vector<T> (size, empty, operator[], data, begin/end,
// front/back) and either owns its elements (a ledger loaded from CSV) or views them in
// memory that the ledger keeps alive (a snapshot mapped from a file: opening it copies
// nothing). Writing to a viewed column first copies it into memory of its own.
//
// LineColumn holds the file line of each row as runs of consecutive lines (rows are in
// file order, one line each unless a quoted field spans lines): a canonical file is
// one run, 16 bytes instead of 8 per row.
//
// CurrencyColumn holds a one-byte index per row into a table of the currencies met
// (at most 256 distinct; the ISO list has fewer than 200 active codes).
//
// SparseColumn<T, Default> holds a column that is mostly Default (an item's status,
// status dates and comment: empty on most items): a presence bit per row, a count of
// the present rows before each 64-row word (the rank) and the values of the present
// rows only; absent rows read Default. Reading row r is O(1): one word, one popcount,
// one rank, one value. finish() picks the smallest of three forms (docs/decisions.md,
// "Sparse item columns"): none (no row present: no memory at all), sparse, or dense
// (the plain values when the bitmap would cost more than the absent rows save, i.e.
// above ~95 % filled for 4-byte values).
#pragma once

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <span>
#include <stdexcept>
#include <vector>

#include "dsocore/core/currency.hpp"

DSOCORE_BEGIN_NAMESPACE

template <class T>
class LedgerColumn {
public:
    using value_type = T;
    using size_type = std::size_t;
    using const_iterator = const T*;
    using iterator = const T*;

    LedgerColumn() = default;
    LedgerColumn(std::initializer_list<T> values) : own_(values) { sync(); }
    LedgerColumn(const LedgerColumn& o) : own_(o.own_), p_(o.p_), n_(o.n_), view_(o.view_) {
        if (!view_) sync();
    }
    LedgerColumn(LedgerColumn&& o) noexcept : own_(std::move(o.own_)), p_(o.p_), n_(o.n_), view_(o.view_) {
        if (!view_) sync(); // a moved vector keeps its buffer; sync() restates it
        o.own_.clear();
        o.p_ = nullptr;
        o.n_ = 0;
        o.view_ = false;
    }
    LedgerColumn& operator=(const LedgerColumn& o) {
        if (this != &o) {
            own_ = o.own_;
            p_ = o.p_;
            n_ = o.n_;
            view_ = o.view_;
            if (!view_) sync();
        }
        return *this;
    }
    LedgerColumn& operator=(LedgerColumn&& o) noexcept {
        if (this != &o) {
            own_ = std::move(o.own_);
            p_ = o.p_;
            n_ = o.n_;
            view_ = o.view_;
            if (!view_) sync();
            o.own_.clear();
            o.p_ = nullptr;
            o.n_ = 0;
            o.view_ = false;
        }
        return *this;
    }
    /// A column viewing n elements at p (kept alive by the column's owner).
    static LedgerColumn view(const T* p, std::size_t n) noexcept {
        LedgerColumn c;
        c.p_ = p;
        c.n_ = n;
        c.view_ = true;
        return c;
    }

    // --- read interface (that of a const std::vector<T>) ---
    std::size_t size() const noexcept { return n_; }
    bool empty() const noexcept { return n_ == 0; }
    const T& operator[](std::size_t i) const noexcept { return p_[i]; }
    const T* data() const noexcept { return p_; }
    const T* begin() const noexcept { return p_; }
    const T* end() const noexcept { return p_ + n_; }
    const T& front() const noexcept { return p_[0]; }
    const T& back() const noexcept { return p_[n_ - 1]; }
    operator std::span<const T>() const noexcept { return {p_, n_}; }
    bool is_view() const noexcept { return view_; }

    // --- owner interface (the loader; copies a view first) ---
    T& operator[](std::size_t i) { return own()[i]; }
    T* mutable_data() { return own().data(); }
    void push_back(const T& v) {
        own().push_back(v);
        sync();
    }
    void reserve(std::size_t n) {
        own().reserve(n);
        sync();
    }
    void resize(std::size_t n) {
        own().resize(n);
        sync();
    }
    void resize(std::size_t n, const T& v) {
        own().resize(n, v);
        sync();
    }
    void assign(std::size_t n, const T& v) {
        own().assign(n, v);
        sync();
    }
    template <class It>
    void assign(It first, It last) {
        own().assign(first, last);
        sync();
    }
    template <class It>
    void append(It first, It last) {
        own().insert(own_.end(), first, last);
        sync();
    }
    void clear() {
        own().clear();
        sync();
    }
    void shrink_to_fit() {
        own().shrink_to_fit();
        sync();
    }
    std::size_t memory_bytes() const noexcept { return view_ ? 0 : own_.capacity() * sizeof(T); }

private:
    std::vector<T>& own() {
        if (view_) {
            own_.assign(p_, p_ + n_);
            view_ = false;
            sync();
        }
        return own_;
    }
    void sync() noexcept {
        p_ = own_.data();
        n_ = own_.size();
    }
    std::vector<T> own_;
    const T* p_ = nullptr;
    std::size_t n_ = 0;
    bool view_ = false;
};

/// File line of each row, as runs of consecutive lines.
class LineColumn {
public:
    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }
    std::int64_t operator[](std::size_t row) const noexcept {
        if (run_row_.size() == 1) return run_line_[0] + static_cast<std::int64_t>(row);
        const auto it = std::upper_bound(run_row_.begin(), run_row_.end(), static_cast<std::uint32_t>(row));
        const auto k = static_cast<std::size_t>(it - run_row_.begin()) - 1;
        return run_line_[k] + static_cast<std::int64_t>(row - run_row_[k]);
    }
    std::int64_t back() const noexcept { return (*this)[size_ - 1]; }
    void push_back(std::int64_t line) {
        if (size_ == 0 || line != back() + 1) {
            run_row_.push_back(static_cast<std::uint32_t>(size_));
            run_line_.push_back(line);
        }
        ++size_;
    }
    void reserve(std::size_t) noexcept {}
    void clear() {
        run_row_.clear();
        run_line_.clear();
        size_ = 0;
    }
    /// Runs: the first row of each run and its line (for snapshots).
    const LedgerColumn<std::uint32_t>& run_rows() const noexcept { return run_row_; }
    const LedgerColumn<std::int64_t>& run_lines() const noexcept { return run_line_; }
    /// Rebuilds from runs (snapshots); false when they do not describe `rows` rows.
    bool set_runs(LedgerColumn<std::uint32_t> rows, LedgerColumn<std::int64_t> lines, std::size_t n) {
        if (rows.size() != lines.size() || (n == 0) != rows.empty() || (!rows.empty() && rows[0] != 0)) return false;
        for (std::size_t k = 1; k < rows.size(); ++k)
            if (rows[k] <= rows[k - 1] || rows[k] >= n) return false;
        run_row_ = std::move(rows);
        run_line_ = std::move(lines);
        size_ = n;
        return true;
    }
    std::size_t memory_bytes() const noexcept { return run_row_.memory_bytes() + run_line_.memory_bytes(); }

private:
    LedgerColumn<std::uint32_t> run_row_;
    LedgerColumn<std::int64_t> run_line_;
    std::size_t size_ = 0;
};

/// Per-row currency as a one-byte index into the currencies met.
class CurrencyColumn {
public:
    class const_iterator {
    public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = Currency;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using reference = Currency;
        const_iterator() = default;
        const_iterator(const CurrencyColumn* c, std::size_t i) : c_(c), i_(i) {}
        Currency operator*() const noexcept { return (*c_)[i_]; }
        const_iterator& operator++() noexcept {
            ++i_;
            return *this;
        }
        const_iterator operator++(int) noexcept {
            auto t = *this;
            ++i_;
            return t;
        }
        const_iterator& operator+=(difference_type d) noexcept {
            i_ = static_cast<std::size_t>(static_cast<difference_type>(i_) + d);
            return *this;
        }
        const_iterator operator+(difference_type d) const noexcept {
            auto t = *this;
            return t += d;
        }
        difference_type operator-(const const_iterator& o) const noexcept {
            return static_cast<difference_type>(i_) - static_cast<difference_type>(o.i_);
        }
        Currency operator[](difference_type d) const noexcept { return *(*this + d); }
        bool operator==(const const_iterator& o) const noexcept { return i_ == o.i_; }
        bool operator!=(const const_iterator& o) const noexcept { return i_ != o.i_; }

    private:
        const CurrencyColumn* c_ = nullptr;
        std::size_t i_ = 0;
    };

    std::size_t size() const noexcept { return index_.size(); }
    bool empty() const noexcept { return index_.empty(); }
    Currency operator[](std::size_t row) const noexcept { return table_[index_[row]]; }
    const_iterator begin() const noexcept { return {this, 0}; }
    const_iterator end() const noexcept { return {this, size()}; }
    /// The index of each row into table().
    const LedgerColumn<std::uint8_t>& index() const noexcept { return index_; }
    const std::vector<Currency>& table() const noexcept { return table_; }

    void push_back(Currency c) { index_.push_back(code_of(c)); }
    void reserve(std::size_t n) { index_.reserve(n); }
    /// The index of c in the table, added when new. Throws std::length_error past 256.
    std::uint8_t code_of(Currency c) {
        for (std::size_t k = 0; k < table_.size(); ++k)
            if (table_[k] == c) return static_cast<std::uint8_t>(k);
        if (table_.size() == 256) throw std::length_error("more than 256 distinct currencies in one table");
        table_.push_back(c);
        return static_cast<std::uint8_t>(table_.size() - 1);
    }
    void append_codes(const std::uint8_t* first, const std::uint8_t* last) { index_.append(first, last); }
    /// Rebuilds from a table and indexes (snapshots); false when an index is out of range.
    bool set(std::vector<Currency> table, LedgerColumn<std::uint8_t> index) {
        for (std::uint8_t k : index)
            if (k >= table.size()) return false;
        table_ = std::move(table);
        index_ = std::move(index);
        return true;
    }
    std::size_t memory_bytes() const noexcept { return index_.memory_bytes(); }

private:
    std::vector<Currency> table_;
    LedgerColumn<std::uint8_t> index_;
};

/// A mostly-Default column: presence bitmap + per-word rank + values of present rows.
template <class T, T Default = T{}>
class SparseColumn {
public:
    using value_type = T;
    enum class Form : std::uint8_t { none = 0, sparse = 1, dense = 2 };
    static constexpr T default_value = Default;

    class const_iterator {
    public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using reference = T;
        const_iterator() = default;
        const_iterator(const SparseColumn* c, std::size_t i) : c_(c), i_(i) {}
        T operator*() const noexcept { return (*c_)[i_]; }
        const_iterator& operator++() noexcept {
            ++i_;
            return *this;
        }
        const_iterator operator++(int) noexcept {
            auto t = *this;
            ++i_;
            return t;
        }
        const_iterator& operator--() noexcept {
            --i_;
            return *this;
        }
        const_iterator operator--(int) noexcept {
            auto t = *this;
            --i_;
            return t;
        }
        const_iterator& operator+=(difference_type d) noexcept {
            i_ = static_cast<std::size_t>(static_cast<difference_type>(i_) + d);
            return *this;
        }
        const_iterator& operator-=(difference_type d) noexcept { return *this += -d; }
        const_iterator operator+(difference_type d) const noexcept {
            auto t = *this;
            return t += d;
        }
        const_iterator operator-(difference_type d) const noexcept {
            auto t = *this;
            return t += -d;
        }
        difference_type operator-(const const_iterator& o) const noexcept {
            return static_cast<difference_type>(i_) - static_cast<difference_type>(o.i_);
        }
        T operator[](difference_type d) const noexcept { return *(*this + d); }
        bool operator==(const const_iterator& o) const noexcept { return i_ == o.i_; }
        bool operator!=(const const_iterator& o) const noexcept { return i_ != o.i_; }
        bool operator<(const const_iterator& o) const noexcept { return i_ < o.i_; }
        bool operator>(const const_iterator& o) const noexcept { return i_ > o.i_; }
        bool operator<=(const const_iterator& o) const noexcept { return i_ <= o.i_; }
        bool operator>=(const const_iterator& o) const noexcept { return i_ >= o.i_; }

    private:
        const SparseColumn* c_ = nullptr;
        std::size_t i_ = 0;
    };

    // --- read interface (that of a const vector, by value) ---
    std::size_t size() const noexcept { return n_; }
    bool empty() const noexcept { return n_ == 0; }
    T operator[](std::size_t row) const noexcept {
        if (form_ == Form::dense) return values_[row];
        if (form_ == Form::none) return Default;
        const std::uint64_t w = bits_[row >> 6];
        const unsigned b = static_cast<unsigned>(row & 63);
        if (((w >> b) & 1) == 0) return Default;
        return values_[rank_[row >> 6] + static_cast<std::size_t>(std::popcount(w & ((std::uint64_t{1} << b) - 1)))];
    }
    const_iterator begin() const noexcept { return {this, 0}; }
    const_iterator end() const noexcept { return {this, n_}; }
    /// Rows holding a value (in the dense form: every row).
    std::size_t present() const noexcept { return form_ == Form::sparse ? values_.size() : form_ == Form::dense ? n_ : 0; }
    Form form() const noexcept { return form_; }
    /// The presence bits (sparse form: one word per 64 rows, row r = bit r % 64 of word r / 64).
    const LedgerColumn<std::uint64_t>& bits() const noexcept { return bits_; }
    /// The values of the present rows in row order (dense form: of every row).
    const LedgerColumn<T>& values() const noexcept { return values_; }
    bool is_view() const noexcept { return bits_.is_view() || values_.is_view(); }
    std::size_t memory_bytes() const noexcept {
        return bits_.memory_bytes() + rank_.memory_bytes() + values_.memory_bytes();
    }

    // --- owner interface (the loader, set_item_status) ---
    /// Room for n rows in the bitmap (values are reserved as they come).
    void reserve(std::size_t n) {
        if (form_ != Form::dense) {
            bits_.reserve(words(n));
            rank_.reserve(words(n));
        }
    }
    /// Appends a row.
    void push_back(T v) {
        if (form_ == Form::dense) {
            values_.push_back(v);
            ++n_;
            return;
        }
        if (form_ == Form::none) {
            if (v == Default) {
                ++n_;
                return;
            }
            to_sparse();
        }
        if ((n_ & 63) == 0) {
            bits_.push_back(0);
            rank_.push_back(static_cast<std::uint32_t>(values_.size()));
        }
        if (!(v == Default)) {
            bits_[n_ >> 6] |= std::uint64_t{1} << (n_ & 63);
            values_.push_back(v);
        }
        ++n_;
    }
    template <class It>
    void append(It first, It last) {
        for (; first != last; ++first) push_back(*first);
    }
    /// Sets row `row` (< size()) to v. O(present rows + rows / 64) when a row becomes
    /// present in the sparse form: meant for the few items a collector marks.
    void set(std::size_t row, T v) {
        if (form_ == Form::dense) {
            values_[row] = v;
            return;
        }
        if (form_ == Form::none) {
            if (v == Default) return;
            to_sparse();
        }
        const std::size_t wi = row >> 6;
        const unsigned b = static_cast<unsigned>(row & 63);
        const std::uint64_t w = static_cast<const LedgerColumn<std::uint64_t>&>(bits_)[wi];
        const std::size_t at = rank_[wi] + static_cast<std::size_t>(std::popcount(w & ((std::uint64_t{1} << b) - 1)));
        if ((w >> b) & 1) {
            values_[at] = v; // a present row keeps its slot, even when set to Default
            return;
        }
        if (v == Default) return;
        std::vector<T> vals(values_.begin(), values_.end());
        vals.insert(vals.begin() + static_cast<std::ptrdiff_t>(at), v);
        values_.assign(vals.begin(), vals.end());
        bits_[wi] = w | (std::uint64_t{1} << b);
        std::uint32_t* rk = rank_.mutable_data();
        for (std::size_t k = wi + 1; k < rank_.size(); ++k) ++rk[k];
    }
    /// After the last row: keeps the smallest form (none, sparse or dense; dense on a tie)
    /// and releases spare capacity.
    void finish() {
        if (form_ == Form::sparse) {
            const std::size_t k = values_.size();
            if (k == 0) {
                *this = with_rows(n_);
            } else if (n_ * sizeof(T) <= k * sizeof(T) + words(n_) * (sizeof(std::uint64_t) + sizeof(std::uint32_t))) {
                std::vector<T> dense(n_);
                for (std::size_t r = 0; r < n_; ++r) dense[r] = (*this)[r];
                SparseColumn d;
                d.form_ = Form::dense;
                d.n_ = n_;
                d.values_.assign(dense.begin(), dense.end());
                *this = std::move(d);
            }
        }
        if (!bits_.is_view()) bits_.shrink_to_fit();
        if (!rank_.is_view()) rank_.shrink_to_fit();
        if (!values_.is_view()) values_.shrink_to_fit();
    }
    void clear() { *this = SparseColumn(); }
    /// A column of n absent rows.
    static SparseColumn with_rows(std::size_t n) {
        SparseColumn c;
        c.n_ = n;
        return c;
    }
    /// Rebuilds from stored parts (snapshots; bits and values may view a mapping): the
    /// rank is recomputed. Null when the parts are consistent, else what is wrong: a
    /// bitmap of the wrong length, a bit set past the last row, a value count that is
    /// not the number of present rows.
    const char* set_parts(Form form, std::size_t n, LedgerColumn<std::uint64_t> bits, LedgerColumn<T> values) {
        const LedgerColumn<std::uint64_t>& cb = bits; // const: reading a view copies nothing
        if (n > 0xffffffffu) return "more rows than a sparse column holds";
        SparseColumn c;
        c.n_ = n;
        c.form_ = form;
        switch (form) {
        case Form::none:
            if (!bits.empty() || !values.empty()) return "a column without values has a bitmap or values";
            break;
        case Form::dense:
            if (!bits.empty() || values.size() != n) return "a dense column has a bitmap or not one value a row";
            break;
        case Form::sparse: {
            if (bits.size() != words(n)) return "the presence bitmap does not have one bit a row";
            if ((n & 63) != 0 && (cb[bits.size() - 1] >> (n & 63)) != 0) return "a presence bit is set past the last row";
            c.rank_.resize(bits.size());
            std::uint32_t* rk = c.rank_.mutable_data();
            std::size_t count = 0;
            for (std::size_t k = 0; k < bits.size(); ++k) {
                rk[k] = static_cast<std::uint32_t>(count);
                count += static_cast<std::size_t>(std::popcount(cb[k]));
            }
            if (count != values.size()) return "the number of values is not the number of present rows";
            break;
        }
        default:
            return "unknown column form";
        }
        c.bits_ = std::move(bits);
        c.values_ = std::move(values);
        *this = std::move(c);
        return nullptr;
    }

private:
    static constexpr std::size_t words(std::size_t n) noexcept { return (n + 63) / 64; }
    void to_sparse() {
        bits_.assign(words(n_), 0);
        rank_.assign(words(n_), 0);
        values_.clear();
        form_ = Form::sparse;
    }
    LedgerColumn<std::uint64_t> bits_;  ///< sparse: presence, one word per 64 rows
    LedgerColumn<std::uint32_t> rank_;  ///< sparse: present rows before each word (owned)
    LedgerColumn<T> values_;            ///< sparse: present rows' values; dense: every row's
    std::size_t n_ = 0;
    Form form_ = Form::none;
};

DSOCORE_END_NAMESPACE
