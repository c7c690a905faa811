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
#pragma once

#include <algorithm>
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

DSOCORE_END_NAMESPACE
