// Import of one source file into a data directory: map, clean, merge, validate, commit.
#include "dsocore/io/import.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <array>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <functional>
#include <limits>
#include <memory>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "dsocore/core/decimal.hpp"
#include "dsocore/core/error.hpp"
#include "dsocore/io/csv.hpp"
#include "dsocore/io/sheet.hpp"
#include "dsocore/ledger/ledger.hpp"
#include "../ledger/item_rules.hpp"

DSOCORE_BEGIN_NAMESPACE

namespace fs = std::filesystem;

std::string ImportResult::summary() const {
    return "created " + std::to_string(created) + ", updated " + std::to_string(updated) + ", unchanged " +
           std::to_string(unchanged) + ", closed " + std::to_string(closed) + ", rejected " + std::to_string(rejected);
}

namespace {

const char* const kDataFiles[] = {"company.json", "scenarios.json", "fx.csv", "customers.csv", "items.csv",
                                  "allocations.csv", "disputes.csv", "actions.csv"};

struct Span {
    std::uint32_t off = 0, len = 0;
};

/// How one canonical field is produced from a source row.
struct Slot {
    int field = -1;
    std::string name;
    ProfileFieldType type = ProfileFieldType::text;
    const ColumnRule* rule = nullptr; ///< null: identity (canonical) column or debit/credit amount
    int src = -1;
    std::vector<int> concat;
    const std::vector<DateFormat>* dates = nullptr;
    std::vector<DateParser> parsers; ///< *dates, prepared
    bool trim = true;
    Span constant;                   ///< From::value: the value, once in the arena
    /// `map` of the rule as sorted views (looked up without building a string).
    std::vector<std::pair<std::string_view, std::string_view>> map;
};

/// Incoming rows: rows × slots spans of canonical values. A value is a view into the
/// source text when it is there as it is (no copy), else in the arena: offsets below
/// src.size() are in the source, the others in the arena.
struct Incoming {
    std::vector<Slot> slots;
    std::vector<int> slot_of_field; ///< by canonical field index, -1 when not mapped
    std::string_view src;            ///< the source text (CSV), empty for spreadsheets
    std::string arena;
    std::vector<Span> vals;
    std::vector<std::int64_t> line;
    std::vector<std::string_view> raw; ///< views into the source buffer or raw_store
    std::deque<std::string> raw_store;
    std::vector<std::uint8_t> rejected;
    std::map<std::size_t, std::vector<std::string>> reasons;

    std::size_t rows() const { return line.size(); }
    std::string_view view(Span x) const {
        return x.off < src.size() ? std::string_view(src.data() + x.off, x.len)
                                  : std::string_view(arena.data() + (x.off - src.size()), x.len);
    }
    std::string_view val(std::size_t r, std::size_t s) const { return view(vals[r * slots.size() + s]); }
    /// Span of v: in place when v lies in the source text, else appended to the arena.
    Span store(std::string_view v) {
        if (v.empty()) return Span{};
        if (!src.empty() && v.data() >= src.data() && v.data() + v.size() <= src.data() + src.size())
            return Span{static_cast<std::uint32_t>(v.data() - src.data()), static_cast<std::uint32_t>(v.size())};
        const std::size_t off = src.size() + arena.size();
        if (off + v.size() > 0xffffffffu) throw Error(Errc::overflow, "import larger than 4 GB of values");
        arena.append(v);
        return Span{static_cast<std::uint32_t>(off), static_cast<std::uint32_t>(v.size())};
    }
    bool mapped(int field) const { return field >= 0 && slot_of_field[static_cast<std::size_t>(field)] >= 0; }
    std::string_view field(std::size_t r, int f) const {
        const int s = f < 0 ? -1 : slot_of_field[static_cast<std::size_t>(f)];
        return s < 0 ? std::string_view() : val(r, static_cast<std::size_t>(s));
    }
    void reject(std::size_t r, std::string why) {
        rejected[r] = 1;
        reasons[r].push_back(std::move(why));
    }
};

/// A canonical CSV file as columns of text (views into a reader's buffer).
struct TextTable {
    std::vector<int> cols; ///< canonical field index per column
    std::vector<std::string_view> cells;
    std::unique_ptr<CsvReader> reader;
    std::size_t rows() const { return cols.empty() ? 0 : cells.size() / cols.size(); }
    int col_of(int field) const {
        for (std::size_t c = 0; c < cols.size(); ++c)
            if (cols[c] == field) return static_cast<int>(c);
        return -1;
    }
    std::string_view get(std::size_t r, int field) const {
        const int c = col_of(field);
        return c < 0 ? std::string_view() : cells[r * cols.size() + static_cast<std::size_t>(c)];
    }
};

TextTable parse_table(const KindSpec& spec, std::string text) {
    TextTable t;
    if (text.empty()) return t;
    t.reader = std::make_unique<CsvReader>(std::move(text));
    std::vector<std::string_view> f;
    if (!t.reader->next(f)) return t;
    for (auto name : f) {
        const int k = spec.field_index(name);
        if (k < 0) throw Error(Errc::internal, "canonical " + std::string(spec.file) + " has column " + std::string(name));
        t.cols.push_back(k);
    }
    while (t.reader->next(f)) {
        if (f.size() != t.cols.size()) throw Error(Errc::internal, "canonical " + std::string(spec.file) + " row width");
        t.cells.insert(t.cells.end(), f.begin(), f.end());
    }
    return t;
}

constexpr std::uint64_t kOnes = 0x0101010101010101ull;
/// Non-zero when a byte of v is zero.
constexpr std::uint64_t zero_byte(std::uint64_t v) noexcept { return (v - kOnes) & ~v & (kOnes * 0x80); }

/// Trailing fraction zeros removed, for comparing amounts as keys.
std::string_view decimal_key(std::string_view s) {
    if (s.find('.') == std::string_view::npos) return s;
    while (!s.empty() && s.back() == '0') s.remove_suffix(1);
    if (!s.empty() && s.back() == '.') s.remove_suffix(1);
    return s;
}

template <class Get>
void build_key(const KindSpec& spec, const std::vector<int>& key_fields, Get&& get, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < key_fields.size(); ++i) {
        if (i) out.push_back('\x1f');
        std::string_view v = get(key_fields[i]);
        const auto fi = static_cast<std::size_t>(key_fields[i]);
        if (fi == 0 && spec.fields[0].name == "entity" && v.empty()) v = "MAIN";
        if (spec.field_type(fi) == ProfileFieldType::amount) v = decimal_key(v);
        out.append(v);
    }
}

/// Open-addressing map from key text to a row; keys are copied into stable chunks.
class KeyTable {
public:
    static constexpr std::uint32_t npos = 0xffffffffu;
    void reserve(std::size_t n) {
        std::size_t cap = 16;
        while (cap < n * 2) cap <<= 1;
        if (cap > slots_.size()) rehash(cap);
    }
    /// Inserts key → row unless present; returns the row already there, or npos.
    std::uint32_t insert(std::string_view key, std::uint32_t row) {
        if ((size_ + 1) * 2 > slots_.size()) rehash(slots_.empty() ? 16 : slots_.size() * 2);
        const std::uint64_t h = std::hash<std::string_view>{}(key);
        std::size_t i = h & (slots_.size() - 1);
        while (slots_[i].row != npos) {
            if (slots_[i].hash == h && slots_[i].key == key) return slots_[i].row;
            i = (i + 1) & (slots_.size() - 1);
        }
        slots_[i] = Slot{h, store(key), row};
        ++size_;
        return npos;
    }
    std::uint32_t find(std::string_view key) const {
        if (slots_.empty()) return npos;
        const std::uint64_t h = std::hash<std::string_view>{}(key);
        std::size_t i = h & (slots_.size() - 1);
        while (slots_[i].row != npos) {
            if (slots_[i].hash == h && slots_[i].key == key) return slots_[i].row;
            i = (i + 1) & (slots_.size() - 1);
        }
        return npos;
    }
    void clear() {
        slots_.clear();
        chunks_.clear();
        used_ = size_ = 0;
    }

private:
    struct Slot {
        std::uint64_t hash = 0;
        std::string_view key;
        std::uint32_t row = npos;
    };
    std::string_view store(std::string_view k) {
        constexpr std::size_t chunk = 1 << 20;
        if (chunks_.empty() || used_ + k.size() > chunk_size_) {
            chunk_size_ = std::max(chunk, k.size());
            chunks_.push_back(std::make_unique<char[]>(chunk_size_));
            used_ = 0;
        }
        char* p = chunks_.back().get() + used_;
        std::copy(k.begin(), k.end(), p);
        used_ += k.size();
        return std::string_view(p, k.size());
    }
    void rehash(std::size_t cap) {
        std::vector<Slot> old(cap);
        old.swap(slots_);
        for (const Slot& x : old) {
            if (x.row == npos) continue;
            std::size_t i = x.hash & (cap - 1);
            while (slots_[i].row != npos) i = (i + 1) & (cap - 1);
            slots_[i] = x;
        }
    }
    std::vector<Slot> slots_;
    std::vector<std::unique_ptr<char[]>> chunks_;
    std::size_t used_ = 0, chunk_size_ = 0, size_ = 0;
};

/// A 32-bit hash of a key for finding duplicates (eight bytes a step; a collision only
/// costs an exact comparison).
std::uint32_t key_hash32(std::string_view k) noexcept {
    std::uint64_t h = 0x9E3779B97F4A7C15ull ^ k.size();
    std::size_t i = 0;
    for (; i + 8 <= k.size(); i += 8) {
        std::uint64_t x;
        std::memcpy(&x, k.data() + i, 8);
        h = (h ^ x) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    std::uint64_t x = 0;
    std::memcpy(&x, k.data() + i, k.size() - i);
    h = (h ^ x) * 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 29;
    h *= 0xff51afd7ed558ccdull;
    return static_cast<std::uint32_t>(h >> 32);
}

/// LSD radix sort of 32-bit values, 11 bits a pass (2,048 counters stay in L1; three
/// passes; no comparisons).
void radix_sort(std::vector<std::uint32_t>& v) {
    if (v.size() < 4096) {
        std::sort(v.begin(), v.end());
        return;
    }
    std::vector<std::uint32_t> tmp(v.size());
    std::vector<std::size_t> count(2048);
    for (int shift = 0; shift < 32; shift += 11) {
        std::fill(count.begin(), count.end(), 0);
        for (const std::uint32_t x : v) ++count[(x >> shift) & 0x7ff];
        std::size_t sum = 0;
        for (std::size_t& c : count) {
            const std::size_t n = c;
            c = sum;
            sum += n;
        }
        for (const std::uint32_t x : v) tmp[count[(x >> shift) & 0x7ff]++] = x;
        v.swap(tmp);
    }
}

std::string shown_key(std::string_view k) {
    std::string s(k);
    std::replace(s.begin(), s.end(), '\x1f', '/');
    return s;
}

/// Cleaning of one value (collapse_spaces, case, strip_leading_zeros) without copying
/// when nothing changes; a changed value is built in `buf` (`tmp` is scratch).
std::string_view clean_view(std::string_view s, const ColumnRule* r, std::string& buf, std::string& tmp) {
    if (!r) return s;
    if (r->collapse_spaces) {
        bool need = false;
        for (std::size_t k = 0; k < s.size() && !need; ++k)
            need = s[k] == '\t' || (s[k] == ' ' && k + 1 < s.size() && (s[k + 1] == ' ' || s[k + 1] == '\t'));
        if (need) {
            tmp.clear();
            bool sp = false;
            for (char c : s) {
                if (c == ' ' || c == '\t') {
                    if (!sp) tmp.push_back(' ');
                    sp = true;
                } else {
                    tmp.push_back(c);
                    sp = false;
                }
            }
            buf.swap(tmp);
            s = buf;
        }
    }
    if (r->text_case != CaseMode::keep) {
        const char lo = r->text_case == CaseMode::upper ? 'a' : 'A';
        const bool need = std::any_of(s.begin(), s.end(), [&](char c) { return c >= lo && c <= lo + 25; });
        if (need) {
            tmp.assign(s);
            for (char& c : tmp)
                if (c >= lo && c <= lo + 25) c = static_cast<char>(r->text_case == CaseMode::upper ? c - 32 : c + 32);
            buf.swap(tmp);
            s = buf;
        }
    }
    if (r->strip_leading_zeros) {
        std::size_t z = 0;
        while (z + 1 < s.size() && s[z] == '0') ++z;
        s.remove_prefix(z);
    }
    return s;
}

std::string join_formats(const std::vector<DateFormat>& f) {
    std::string s;
    for (const auto& x : f) s += (s.empty() ? "" : ", ") + x.to_string();
    return s;
}

/// Checks the field names of a profile against its kind.
void check_fields(const ImportProfile& p, const KindSpec& spec, const std::string& shown) {
    std::vector<Diagnostic> d;
    std::string all;
    for (std::size_t i = 0; i < spec.width(); ++i) all += (all.empty() ? "" : ", ") + spec.field_name(i);
    auto check = [&](const std::string& key, const std::string& f) {
        if (spec.field_index(f) < 0)
            d.push_back({shown, 0, key, f, std::string("not a field of ") + std::string(spec.file) + "; expected one of " + all});
    };
    for (const auto& c : p.columns) check("columns." + c.field, c.field);
    for (const auto& f : p.mandatory) check("mandatory", f);
    for (const auto& f : p.blocked) check("blocked", f);
    for (const auto& f : p.unique_key) check("unique_key", f);
    if (!p.unique_key.empty() && spec.kind != ImportKind::customers)
        d.push_back({shown, 0, "unique_key", "", "unique_key applies to customers only (other kinds use their natural key)"});
    if (p.sign != SignMode::as_is && spec.kind != ImportKind::items)
        d.push_back({shown, 0, "sign", "", "by_type and debit_credit apply to items only"});
    if (p.sign == SignMode::debit_credit)
        for (const auto& c : p.columns)
            if (c.field == "amount")
                d.push_back({shown, 0, "columns.amount", "", "with \"sign\": \"debit_credit\" the amount comes from the debit and credit columns"});
    if (p.mode == ImportMode::replace_open_items && spec.kind != ImportKind::items)
        d.push_back({shown, 0, "mode", "replace_open_items", "replace_open_items applies to items only"});
    if (!d.empty()) throw DataError(std::move(d));
}

// --- direct validation of merged items rows (the fast path) ---------------------------------
//
// An items import changes only items.csv (and appends allocations); every check the loader
// makes on an item row depends on that row, the customers, fx.csv and company.json, which
// the import leaves as they are. So rather than loading the whole resulting directory
// again, each created, updated or closed row is checked here against the old ledger with
// the loader's rules (load_items / load_allocations in src/ledger/load.cpp). The check is
// conservative: it accepts a row only when the loader would accept it and the row is
// already in canonical form (the bytes Ledger::csv_text would write). Any other row is a
// *suspect*: the suspects alone (with the allocations of their items) are loaded by the
// loader itself, against the unchanged customers and fx, which gives its exact reasons
// or its canonical text. tests/io/import_fast_test.cpp compares both paths.

/// Positions of the items fields in a merged table's columns (-1: absent).
struct ItemPos {
    int entity = -1, item_id = -1, customer_id = -1, type = -1, issue_date = -1, due_date = -1, currency = -1,
        amount = -1, open_amount = -1, status = -1, status_date = -1, promise_date = -1;
};

/// An amount the loader reads with `mu` minor digits, written as format_fixed writes it.
bool canonical_fixed(std::string_view v, int mu, std::int64_t& units) {
    // As a rule, one pass: -?(0|[1-9][0-9]*)(\.[0-9]{mu})? of at most 18 digits, which
    // parse_fixed reads as exactly that many units (no overflow possible).
    const std::size_t n = v.size(), m = static_cast<std::size_t>(mu);
    const std::size_t i0 = n > 0 && v[0] == '-' ? 1 : 0;
    if (mu >= 0 && n > i0 + (m ? m + 1 : 0) && n - i0 <= 19) {
        const std::size_t int_end = m ? n - m - 1 : n;
        if (m && v[int_end] != '.') return false;
        if (v[i0] == '0' && int_end - i0 > 1) return false;
        std::uint64_t u = 0;
        for (std::size_t k = i0; k < n; ++k) {
            if (k == int_end) continue;
            const auto d = static_cast<unsigned char>(v[k] - '0');
            if (d > 9) return false;
            u = u * 10 + d;
        }
        if (i0 && u == 0) return false;
        units = i0 ? -static_cast<std::int64_t>(u) : static_cast<std::int64_t>(u);
        return true;
    }
    if (v.empty() || parse_fixed(v, mu, units) != FixedParse::ok) return false;
    std::size_t i = 0;
    if (v[0] == '-') {
        if (units == 0) return false;
        i = 1;
    }
    const std::size_t dot = v.find('.');
    const std::size_t int_end = dot == std::string_view::npos ? v.size() : dot;
    if (int_end == i || (v[i] == '0' && int_end - i > 1)) return false;
    for (std::size_t k = i; k < int_end; ++k)
        if (v[k] < '0' || v[k] > '9') return false;
    if (mu == 0) return dot == std::string_view::npos;
    if (dot == std::string_view::npos || v.size() - dot - 1 != static_cast<std::size_t>(mu)) return false;
    for (std::size_t k = dot + 1; k < v.size(); ++k)
        if (v[k] < '0' || v[k] > '9') return false;
    return true;
}

/// What a passing row resolved to.
struct ItemFacts {
    Currency currency = Currency::of("EUR");
    std::int64_t amount = 0;
};

/// A text that Date::parse accepted, in the canonical YYYY-MM-DD form.
bool date_shape(std::string_view v) { return v.size() == 10 && v[4] == '-' && v[7] == '-'; }

/// True when the loader accepts the items row `c` (w cells in the merged column order)
/// without a diagnostic and would write it back byte for byte: the loader's own rules
/// (check_item_row, src/ledger/item_rules.hpp, shared with the loader), then the
/// canonical form of each value.
/// `cust` is the row's customer as looked up by (entity or MAIN, customer_id);
/// `clean`: the cells are known to be valid UTF-8 without NUL.
bool item_row_ok(const Ledger& L, const ItemPos& p, const std::string_view* c, std::size_t w, std::uint32_t cust,
                 std::size_t max_field, bool clean, ItemFacts& out) {
    for (std::size_t k = 0; k < w; ++k)
        if (c[k].size() > max_field || (!clean && find_invalid_text(c[k]) != std::string_view::npos)) return false;
    auto get = [&](int i) { return i < 0 ? std::string_view() : c[static_cast<std::size_t>(i)]; };
    if (get(p.item_id).empty()) return false;
    const detail::ItemRowText t{get(p.entity),     get(p.customer_id), get(p.type),        get(p.issue_date),
                                get(p.due_date),   get(p.currency),    get(p.amount),      get(p.open_amount),
                                get(p.status),     get(p.status_date), get(p.promise_date)};
    bool bad = false;
    detail::ItemRowValues v;
    detail::check_item_row(
        t, cust, L.customers(), L.company().base_currency, L.fx(), [](std::string_view code) { return Currency::find(code); },
        [&bad](std::string_view, std::string_view, const std::string&) { bad = true; }, v);
    if (bad) return false;
    // Canonical form (what Ledger::csv_text writes back).
    if (!t.type.empty() && t.type != to_string(v.type)) return false;
    for (const std::string_view d : {t.issue_date, t.due_date, t.status_date, t.promise_date})
        if (!d.empty() && !date_shape(d)) return false;
    if (!t.currency.empty() && t.currency != v.currency.code()) return false;
    const int mu = v.currency.minor_units();
    std::int64_t units = 0;
    if (!canonical_fixed(t.amount, mu, units)) return false;
    if (!t.open_amount.empty() && !canonical_fixed(t.open_amount, mu, units)) return false;
    out.currency = v.currency;
    out.amount = v.amount;
    return true;
}

using ChunkWriter = std::function<void(std::string_view)>;

/// A data file to commit: its text, or what writes it in pieces.
struct OutFile {
    std::string name, text;
    std::function<void(const ChunkWriter&)> produce;
};

/// Canonical CSV rows (cells row by row in the order of `cols`) handed to `write` in
/// pieces of about 4 MiB, the header first. Fields without a comma, quote or line break
/// (nearly all) are copied and checked together, eight bytes at a time; the others are
/// quoted as csv_append_field quotes.
void render_rows(const KindSpec& ks, const std::vector<int>& cols, const std::string_view* cells, std::size_t rows,
                 const ChunkWriter& write) {
    static constexpr auto special = [] {
        std::array<bool, 256> t{};
        t[','] = t['"'] = t['\n'] = t['\r'] = true;
        return t;
    }();
    constexpr std::size_t kPiece = std::size_t{4} << 20;
    std::string buf;
    for (std::size_t c = 0; c < cols.size(); ++c) {
        if (c) buf.push_back(',');
        buf += ks.field_name(static_cast<std::size_t>(cols[c]));
    }
    buf.push_back('\n');
    std::size_t at = buf.size();
    buf.resize(kPiece + 64);
    char* o = buf.data() + at;
    char* end = buf.data() + buf.size();
    const std::size_t w = cols.size();
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t c = 0; c < w; ++c) {
            const std::string_view f = cells[r * w + c];
            if (static_cast<std::size_t>(end - o) < 2 * f.size() + 4) {
                write(std::string_view(buf.data(), static_cast<std::size_t>(o - buf.data())));
                if (buf.size() < 2 * f.size() + 4) buf.resize(2 * f.size() + 4);
                o = buf.data();
                end = buf.data() + buf.size();
            }
            if (c) *o++ = ',';
            std::uint64_t hit = 0;
            std::size_t k = 0;
            for (; k + 8 <= f.size(); k += 8) {
                std::uint64_t x;
                std::memcpy(&x, f.data() + k, 8);
                hit |= zero_byte(x ^ (kOnes * ',')) | zero_byte(x ^ (kOnes * '"')) | zero_byte(x ^ (kOnes * '\n')) |
                       zero_byte(x ^ (kOnes * '\r'));
                std::memcpy(o + k, &x, 8);
            }
            for (; k < f.size(); ++k) {
                hit |= special[static_cast<unsigned char>(f[k])];
                o[k] = f[k];
            }
            if (!hit) {
                o += f.size();
                continue;
            }
            *o++ = '"';
            for (const char ch : f) {
                if (ch == '"') *o++ = '"';
                *o++ = ch;
            }
            *o++ = '"';
        }
        *o++ = '\n'; // room: each cell left 4 bytes
    }
    write(std::string_view(buf.data(), static_cast<std::size_t>(o - buf.data())));
}

/// The staged commit: new files next to the data, a manifest as the commit point,
/// renames (with hard-link backups for an in-process rollback).
class Commit {
public:
    explicit Commit(fs::path dir) : dir_(std::move(dir)), stage_(dir_ / kImportStagingDir) {}

    void run(const std::vector<OutFile>& files, int fail_after) {
        std::error_code ec;
        fs::remove_all(stage_, ec);
        fs::create_directories(stage_, ec);
        if (ec) throw Error(Errc::io, stage_.string() + ": cannot create the staging directory: " + ec.message());
        std::string manifest;
        for (const OutFile& f : files) {
            if (f.produce) write_file_atomic((stage_ / f.name).string(), f.produce);
            else write_file_atomic((stage_ / f.name).string(), f.text);
            manifest += f.name + "\n";
        }
        // Commit point: from here a crash is rolled forward by recover_interrupted_import.
        write_file_atomic((stage_ / "MANIFEST").string(), manifest);
        std::vector<std::string> done;
        try {
            for (const OutFile& f : files) {
                const std::string& name = f.name;
                if (fail_after >= 0 && static_cast<int>(done.size()) >= fail_after)
                    throw Error(Errc::io, "injected failure after " + std::to_string(done.size()) + " file(s) renamed");
                const fs::path target = dir_ / name;
                const fs::path backup = stage_ / (name + ".orig");
                if (fs::exists(target) && ::link(target.c_str(), backup.c_str()) != 0)
                    throw Error(Errc::io, target.string() + ": cannot keep a backup during the commit");
                if (std::rename((stage_ / name).c_str(), target.c_str()) != 0)
                    throw Error(Errc::io, target.string() + ": cannot replace");
                done.push_back(name);
            }
        } catch (...) {
            // Roll back what was renamed, newest first, then drop the staging area.
            for (auto it = done.rbegin(); it != done.rend(); ++it) {
                const fs::path target = dir_ / *it;
                const fs::path backup = stage_ / (*it + ".orig");
                if (fs::exists(backup)) std::rename(backup.c_str(), target.c_str());
                else ::unlink(target.c_str());
            }
            ::unlink((stage_ / "MANIFEST").c_str());
            fsync_dir(dir_);
            fs::remove_all(stage_, ec);
            throw;
        }
        fsync_dir(dir_);
        ::unlink((stage_ / "MANIFEST").c_str());
        fs::remove_all(stage_, ec);
    }

    static void fsync_dir(const fs::path& d) {
        const int fd = ::open(d.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd >= 0) {
            ::fsync(fd);
            ::close(fd);
        }
    }

private:
    fs::path dir_, stage_;
};

} // namespace

void recover_interrupted_import(const fs::path& dir) {
    const fs::path stage = dir / kImportStagingDir;
    std::error_code ec;
    if (!fs::is_directory(stage, ec)) return;
    const fs::path manifest = stage / "MANIFEST";
    if (fs::exists(manifest, ec)) {
        std::ifstream in(manifest);
        std::string name;
        while (std::getline(in, name)) {
            if (name.empty()) continue;
            const fs::path staged = stage / name;
            if (fs::exists(staged, ec) && std::rename(staged.c_str(), (dir / name).c_str()) != 0)
                throw Error(Errc::io, (dir / name).string() + ": cannot finish the interrupted import");
        }
        Commit::fsync_dir(dir);
    }
    fs::remove_all(stage, ec);
}

ImportResult import_file(const ImportProfile& profile, const ImportOptions& opt) {
    ImportResult res;
    // Process CPU time per stage: meaningful also on a loaded machine.
    std::clock_t t0 = std::clock();
    auto lap = [&](const char* stage) {
        const std::clock_t t = std::clock();
        res.timings.emplace_back(stage, static_cast<double>(t - t0) / CLOCKS_PER_SEC);
        t0 = t;
    };
    // --- kind and field checks ---------------------------------------------------------
    if (opt.kind && profile.kind && *opt.kind != *profile.kind)
        throw Error(Errc::invalid_argument, std::string("--kind ") + to_string(*opt.kind) + " but the profile is for " +
                                                to_string(*profile.kind));
    if (!opt.kind && !profile.kind) throw Error(Errc::invalid_argument, "the profile has no \"kind\": give --kind");
    const ImportKind kind = opt.kind ? *opt.kind : *profile.kind;
    const KindSpec& spec = kind_spec(kind);
    check_fields(profile, spec, "profile");
    const std::string file(spec.file);
    res.rejects_file = opt.rejects_path.empty() ? opt.input + ".rejects.csv" : opt.rejects_path;

    // --- open the source -----------------------------------------------------------------
    InputFormat format = InputFormat::csv;
    if (profile.format) {
        format = *profile.format;
    } else {
        std::string ext = fs::path(opt.input).extension().string();
        for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (ext == ".xlsx") format = InputFormat::xlsx;
        else if (ext == ".xls") format = InputFormat::xls;
    }
    std::unique_ptr<RowSource> src;
    bool raw_stable = false;
    if (format == InputFormat::csv) {
        std::string text = decode_to_utf8(read_file(opt.input), profile.encoding, &res.encoding);
        // decode_to_utf8 drops the encoding's BOM only; a file saved twice by tools that
        // each add one starts with more U+FEFF, which would be part of the first header
        // name. A messy export has no text that begins with U+FEFF: drop them all.
        std::size_t boms = 0;
        while (text.compare(boms, 3, "\xEF\xBB\xBF") == 0) boms += 3;
        if (boms > 0) text.erase(0, boms);
        res.separator = profile.separator ? profile.separator : detect_separator(text, profile.quote, profile.skip_rows);
        src = open_csv_source(std::move(text), res.separator, profile.quote);
        raw_stable = true;
    } else if (format == InputFormat::xlsx) {
        src = open_xlsx_source(opt.input, profile.sheet, profile.sheet_index);
    } else {
        src = open_xls_source(opt.input, profile.sheet, profile.sheet_index);
    }
    const bool ragged_ok = format != InputFormat::csv;

    // --- header ----------------------------------------------------------------------------
    SourceRow row;
    bool have_header = false;
    while (src->next(row)) {
        if (row.line <= profile.skip_rows) continue;
        have_header = true;
        break;
    }
    if (!have_header) throw Error(Errc::data, opt.input + ": no header row (after " + std::to_string(profile.skip_rows) + " skipped rows)");
    if (!row.error.empty()) throw Error(Errc::data, opt.input + ":" + std::to_string(row.line) + ": header: " + row.error);
    std::vector<std::string> header;
    for (const auto& c : row.cells) header.emplace_back(trim_view(c.text));
    const std::size_t header_width = row.cells.size();
    const std::int64_t header_line = row.line;
    std::string header_list;
    for (const auto& h : header) header_list += (header_list.empty() ? "" : ", ") + h;
    auto find_col = [&](const std::string& name, const std::string& key, std::vector<Diagnostic>& d) -> int {
        int found = -1;
        for (std::size_t i = 0; i < header.size(); ++i)
            if (header[i] == name) {
                if (found >= 0) {
                    d.push_back({opt.input, header_line, key, name, "the header has this column twice"});
                    return -1;
                }
                found = static_cast<int>(i);
            }
        if (found < 0) d.push_back({opt.input, header_line, key, name, "no such column in the header; the header has: " + header_list});
        return found;
    };

    Incoming in;
    in.slot_of_field.assign(spec.width(), -1);
    {
        std::vector<Diagnostic> d;
        auto add_slot = [&](Slot s) {
            s.name = spec.field_name(static_cast<std::size_t>(s.field));
            in.slot_of_field[static_cast<std::size_t>(s.field)] = static_cast<int>(in.slots.size());
            in.slots.push_back(std::move(s));
        };
        if (!profile.columns_given) {
            for (std::size_t i = 0; i < header.size(); ++i) {
                const int f = spec.field_index(header[i]);
                if (f < 0) continue; // enriched or foreign columns are not imported
                if (in.slot_of_field[static_cast<std::size_t>(f)] >= 0) {
                    d.push_back({opt.input, header_line, header[i], header[i], "the header has this column twice"});
                    continue;
                }
                Slot s;
                s.field = f;
                s.type = spec.field_type(static_cast<std::size_t>(f));
                s.src = static_cast<int>(i);
                s.dates = &profile.date_formats;
                s.trim = false; // the canonical profile reads values exactly
                add_slot(std::move(s));
            }
        } else {
            for (const auto& r : profile.columns) {
                Slot s;
                s.field = spec.field_index(r.field);
                s.type = spec.field_type(static_cast<std::size_t>(s.field));
                s.rule = &r;
                s.trim = r.trim;
                s.dates = r.date_formats.empty() ? &profile.date_formats : &r.date_formats;
                if (r.from == ColumnRule::From::source) s.src = find_col(r.source, "columns." + r.field + ".source", d);
                if (r.from == ColumnRule::From::concat)
                    for (const auto& c : r.concat) s.concat.push_back(find_col(c, "columns." + r.field + ".concat", d));
                add_slot(std::move(s));
            }
        }
        int debit = -1, credit = -1;
        if (profile.sign == SignMode::debit_credit) {
            debit = find_col(profile.debit, "debit", d);
            credit = find_col(profile.credit, "credit", d);
            Slot s;
            s.field = spec.field_index("amount");
            s.type = ProfileFieldType::amount;
            s.src = -2; // computed
            add_slot(std::move(s));
        }
        if (!d.empty()) throw DataError(std::move(d));
        in.slots.shrink_to_fit();
        if (raw_stable && src->buffer().size() < (std::size_t{1} << 31)) in.src = src->buffer();
        if (!in.src.empty()) {
            // Row vectors sized once from the line count (no regrowth copies at a million rows).
            const auto lines = static_cast<std::size_t>(std::count(in.src.begin(), in.src.end(), '\n')) + 1;
            in.vals.reserve(lines * in.slots.size());
            in.line.reserve(lines);
            in.raw.reserve(lines);
            in.rejected.reserve(lines);
            in.arena.reserve(in.src.size() / 2); // pages are only touched as values are stored
        }
        for (Slot& sl : in.slots) {
            if (sl.dates)
                for (const auto& f : *sl.dates) sl.parsers.emplace_back(f);
            if (!sl.rule) continue;
            if (sl.rule->from == ColumnRule::From::value) sl.constant = in.store(sl.rule->value);
            for (const auto& [k, val] : sl.rule->map) sl.map.emplace_back(k, val); // std::map: already sorted
        }

        // --- rows ------------------------------------------------------------------------------
        const std::size_t ns = in.slots.size();
        std::vector<int> key_fields;
        for (auto k : spec.key) key_fields.push_back(spec.field_index(k));
        std::vector<int> uk_fields;
        for (const auto& k : profile.unique_key) uk_fields.push_back(spec.field_index(k));
        std::vector<int> mandatory;
        for (const auto& m : profile.mandatory) mandatory.push_back(spec.field_index(m));
        const int f_type = spec.field_index("type"), f_amount = spec.field_index("amount"),
                  f_open = spec.field_index("open_amount");
        const int f_entity_in = spec.field_index("entity");
        KeyTable seen_key, seen_uk;
        seen_key.reserve(1024);
        // 32 bits of each key's hash: a collision of two different keys (~100 pairs at a
        // million rows) only sends both rows through the exact check below.
        std::vector<std::uint32_t> key_hash;
        std::vector<std::uint32_t> key_row;
        key_hash.reserve(in.line.capacity());
        key_row.reserve(in.line.capacity());
        std::string v, tmp, num, why, key;
        std::vector<std::string> reasons;
        std::vector<Span> rowvals(ns);
        while (src->next(row)) {
            bool blank = row.error.empty();
            for (const auto& c : row.cells) blank = blank && trim_view(c.text).empty();
            if (blank) continue;
            const std::size_t r = in.rows();
            in.line.push_back(row.line);
            if (raw_stable) {
                in.raw.push_back(row.raw);
            } else {
                in.raw_store.emplace_back(row.raw);
                in.raw.push_back(in.raw_store.back());
            }
            in.rejected.push_back(0);
            reasons.clear();
            if (!row.error.empty()) reasons.push_back(row.error);
            else if (!ragged_ok && row.cells.size() != header_width)
                reasons.push_back("expected " + std::to_string(header_width) + " fields as in the header, found " +
                                  std::to_string(row.cells.size()));
            auto cell = [&](int c) -> Cell {
                if (c < 0 || static_cast<std::size_t>(c) >= row.cells.size()) return Cell{};
                return row.cells[static_cast<std::size_t>(c)];
            };
            auto number_of = [&](const Cell& c, std::string& out) -> bool {
                if (c.kind == CellKind::number) {
                    out.assign(c.text);
                    if (out.find_first_not_of("-0123456789.") != std::string::npos) {
                        why = "not a finite number";
                        return false;
                    }
                    return true;
                }
                return parse_number(c.text, profile.number, out, why);
            };
            for (std::size_t s = 0; s < ns && row.error.empty(); ++s) {
                const Slot& sl = in.slots[s];
                const std::string& fname = sl.name;
                // The value as a view: into the source text when nothing changes it, else
                // into v / num (stored in the arena below). No allocation per field.
                std::string_view out;
                Cell c{};
                bool canonical = false;
                if (sl.src == -2) {
                    // debit − credit
                    std::string dv, cv;
                    const Cell dc = cell(debit), cc = cell(credit);
                    const bool de = trim_view(dc.text).empty(), ce = trim_view(cc.text).empty();
                    if (!de && !number_of(dc, dv)) reasons.push_back(profile.debit + ": value '" + std::string(dc.text) + "': " + why);
                    if (!ce && !number_of(cc, cv)) reasons.push_back(profile.credit + ": value '" + std::string(cc.text) + "': " + why);
                    v.clear();
                    if (reasons.empty() && !(de && ce)) {
                        Decimal x = de ? Decimal(0) : Decimal::parse(dv);
                        if (!ce) x -= Decimal::parse(cv);
                        v = x.to_string();
                    }
                    out = v;
                    canonical = true;
                } else if (sl.rule && sl.rule->from == ColumnRule::From::value) {
                    rowvals[s] = sl.constant;
                    continue;
                } else if (sl.rule && sl.rule->from == ColumnRule::From::concat) {
                    v.clear();
                    for (int k : sl.concat) {
                        std::string_view part = cell(k).text;
                        if (sl.trim) part = trim_view(part);
                        if (part.empty()) continue;
                        if (!v.empty()) v += sl.rule->sep;
                        v.append(part);
                    }
                    out = v;
                } else {
                    c = cell(sl.src);
                    out = c.text;
                    if (sl.trim) out = trim_view(out);
                }
                if (!canonical && !out.empty()) {
                    out = clean_view(out, sl.rule, v, tmp);
                    if (!sl.map.empty()) {
                        const auto it = std::lower_bound(sl.map.begin(), sl.map.end(), out,
                                                         [](const auto& e, std::string_view k) { return e.first < k; });
                        if (it != sl.map.end() && it->first == out) {
                            out = it->second;
                            canonical = true;
                        }
                    }
                }
                if (!canonical && !out.empty()) {
                    switch (sl.type) {
                    case ProfileFieldType::text: break;
                    case ProfileFieldType::code:
                        if (std::any_of(out.begin(), out.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; })) {
                            tmp.assign(out);
                            for (char& ch : tmp) ch = (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 32) : ch;
                            v.swap(tmp);
                            out = v;
                        }
                        break;
                    case ProfileFieldType::amount:
                    case ProfileFieldType::decimal:
                    case ProfileFieldType::integer: {
                        Cell x = c;
                        x.text = out;
                        if (!number_of(x, num)) {
                            reasons.push_back(fname + ": value '" + std::string(out) + "': not a number: " + why);
                        } else if (sl.type == ProfileFieldType::integer && num.find('.') != std::string::npos &&
                                   decimal_key(num).find('.') != std::string_view::npos) {
                            reasons.push_back(fname + ": value '" + std::string(out) + "': expected a whole number");
                        } else {
                            const std::string_view n = sl.type == ProfileFieldType::integer ? decimal_key(num) : std::string_view(num);
                            if (n != out) out = n; // else keep the view into the source
                        }
                        break;
                    }
                    case ProfileFieldType::date: {
                        if (c.kind == CellKind::date) break; // already YYYY-MM-DD
                        char buf[10];
                        bool ok = false;
                        for (const auto& dp : sl.parsers)
                            if ((ok = dp.canonical(out, buf))) break;
                        if (!ok) {
                            reasons.push_back(fname + ": value '" + std::string(out) + "': not a valid date in the format(s) " +
                                              join_formats(*sl.dates));
                        } else if (std::string_view(buf, 10) != out) {
                            tmp.assign(buf, 10);
                            v.swap(tmp);
                            out = v;
                        }
                        break;
                    }
                    }
                }
                rowvals[s] = in.store(out);
            }
            if (!row.error.empty()) rowvals.assign(ns, Span{});
            in.vals.insert(in.vals.end(), rowvals.begin(), rowvals.end());
            if (!reasons.empty()) {
                in.rejected[r] = 1;
                in.reasons[r] = reasons;
            }
            // Sign handling (items), on views: dropping a sign is a narrower span, adding
            // one a new value.
            auto span_of = [&](int f) -> Span& { return in.vals[r * ns + static_cast<std::size_t>(in.slot_of_field[static_cast<std::size_t>(f)])]; };
            auto negate = [&](int f, std::string_view absv) {
                tmp.assign(1, '-');
                tmp.append(absv);
                span_of(f) = in.store(tmp);
            };
            auto drop_sign = [&](int f) {
                Span& sp = span_of(f);
                sp = Span{sp.off + 1, sp.len - 1};
            };
            if (!in.rejected[r] && kind == ImportKind::items && profile.sign != SignMode::as_is && in.mapped(f_amount)) {
                const std::string_view a = in.field(r, f_amount);
                if (profile.sign == SignMode::by_type && !a.empty()) {
                    const std::string_view t = in.field(r, f_type);
                    const bool neg = t == "credit_note" || t == "payment";
                    const bool pos = t.empty() || t == "invoice" || t == "debit_note";
                    const bool minus = a[0] == '-';
                    const std::string_view absv = minus ? a.substr(1) : a;
                    const bool zero = decimal_key(absv) == "0";
                    if (neg && !minus && !zero) negate(f_amount, absv);
                    else if (neg && minus && zero) drop_sign(f_amount);
                    else if (pos && minus) drop_sign(f_amount);
                }
                const std::string_view a2 = in.field(r, f_amount);
                if (in.mapped(f_open) && !in.field(r, f_open).empty() && !a2.empty()) {
                    const std::string_view o = in.field(r, f_open);
                    const bool minus = o[0] == '-';
                    const std::string_view absv = minus ? o.substr(1) : o;
                    const bool want_minus = a2[0] == '-' && decimal_key(absv) != "0";
                    if (want_minus && !minus) negate(f_open, absv);
                    else if (!want_minus && minus) drop_sign(f_open);
                }
            }
            if (!row.error.empty()) continue;
            for (int m : mandatory)
                if (in.field(r, m).empty())
                    in.reject(r, "mandatory field " + spec.field_name(static_cast<std::size_t>(m)) + " is empty");
            for (int k : key_fields) {
                if (k == f_entity_in) continue;
                if (in.field(r, k).empty())
                    in.reject(r, "key field " + spec.field_name(static_cast<std::size_t>(k)) + " is empty");
            }
            if (in.rejected[r]) continue;
            build_key(spec, key_fields, [&](int f) { return in.field(r, f); }, key);
            if (uk_fields.empty()) {
                // Duplicates are found after the loop from the keys' hashes (sorting is
                // cache-friendly; a million-slot hash table is one cache miss a row).
                key_hash.push_back(key_hash32(key));
                key_row.push_back(static_cast<std::uint32_t>(r));
                continue;
            }
            if (const auto first = seen_key.insert(key, static_cast<std::uint32_t>(r)); first != KeyTable::npos)
                in.reject(r, "duplicate key " + shown_key(key) + " (first on line " + std::to_string(in.line[first]) + ")");
            if (!uk_fields.empty()) {
                bool full = true;
                for (int f : uk_fields) full = full && !in.field(r, f).empty();
                if (full) {
                    std::vector<int> ukf{spec.field_index("entity")};
                    ukf.insert(ukf.end(), uk_fields.begin(), uk_fields.end());
                    build_key(spec, ukf, [&](int f) { return in.field(r, f); }, key);
                    if (const auto first = seen_uk.insert(key, static_cast<std::uint32_t>(r));
                        first != KeyTable::npos && !in.rejected[r])
                        in.reject(r, "duplicate key (unique_key " + shown_key(key) + ", first on line " +
                                         std::to_string(in.line[first]) + ")");
                }
            }
        }
        // Same rows, same order, same messages as an insert per row: only rows whose key
        // hash occurs twice go through the exact table.
        std::vector<std::uint32_t> sorted = key_hash;
        radix_sort(sorted);
        std::vector<std::uint32_t> twice;
        for (std::size_t k = 1; k < sorted.size(); ++k)
            if (sorted[k] == sorted[k - 1] && (twice.empty() || twice.back() != sorted[k])) twice.push_back(sorted[k]);
        for (std::size_t k = 0; k < key_row.size() && !twice.empty(); ++k) {
            if (!std::binary_search(twice.begin(), twice.end(), key_hash[k])) continue;
            const std::size_t r = key_row[k];
            build_key(spec, key_fields, [&](int f) { return in.field(r, f); }, key);
            if (const auto first = seen_key.insert(key, static_cast<std::uint32_t>(r)); first != KeyTable::npos)
                in.reject(r, "duplicate key " + shown_key(key) + " (first on line " + std::to_string(in.line[first]) + ")");
        }
    }
    const std::size_t ns = in.slots.size();
    const std::size_t nrows = in.rows();
    lap("read, map and clean");

    // --- the data directory as it is -------------------------------------------------------------
    std::error_code ec;
    const bool dir_exists = fs::is_directory(opt.data_dir, ec);
    if (dir_exists && !opt.dry_run) recover_interrupted_import(opt.data_dir);
    DataSources base_src;
    if (dir_exists)
        for (const char* name : kDataFiles) {
            const fs::path p = opt.data_dir / name;
            if (fs::exists(p, ec)) base_src.emplace(name, read_file(p.string()));
        }
    std::vector<std::string> created_files;
    if (!base_src.count("customers.csv")) {
        base_src["customers.csv"] = "customer_id\n";
        created_files.push_back("customers.csv");
    }
    if (!base_src.count("items.csv")) {
        base_src["items.csv"] = "item_id,customer_id,issue_date,amount\n";
        created_files.push_back("items.csv");
    }
    std::optional<Ledger> old_ledger;
    try {
        old_ledger.emplace(Ledger::load_sources(base_src));
    } catch (const DataError& e) {
        throw Error(Errc::data, "the data directory " + opt.data_dir.string() + " does not load, nothing imported:\n" + e.what());
    }
    const Ledger& old = *old_ledger;
    lap("load the data directory");
    const bool has_target = base_src.count(file) != 0;
    const TextTable old_t = parse_table(spec, has_target ? old.csv_text(file) : std::string());
    const bool has_alloc = base_src.count("allocations.csv") != 0;
    const KindSpec& aspec = kind_spec(ImportKind::allocations);
    const bool balance_items = kind == ImportKind::items && has_alloc;
    const TextTable old_alloc = balance_items ? parse_table(aspec, old.csv_text("allocations.csv")) : TextTable();

    std::vector<int> key_fields;
    for (auto k : spec.key) key_fields.push_back(spec.field_index(k));
    std::vector<int> uk_fields;
    for (const auto& k : profile.unique_key) uk_fields.push_back(spec.field_index(k));
    const int f_entity = spec.field_index("entity");
    std::string key;
    KeyTable old_index, old_uk;
    old_index.reserve(old_t.rows());
    for (std::size_t r = 0; r < old_t.rows(); ++r) {
        build_key(spec, key_fields, [&](int f) { return old_t.get(r, f); }, key);
        old_index.insert(key, static_cast<std::uint32_t>(r));
        if (!uk_fields.empty()) {
            bool full = true;
            for (int f : uk_fields) full = full && !old_t.get(r, f).empty();
            if (!full) continue;
            std::vector<int> ukf{f_entity};
            ukf.insert(ukf.end(), uk_fields.begin(), uk_fields.end());
            build_key(spec, ukf, [&](int f) { return old_t.get(r, f); }, key);
            old_uk.insert(key, static_cast<std::uint32_t>(r));
        }
    }
    // replace_open_items: keys and entities present in the file (rejected lines included,
    // so that a refused line never closes its item).
    KeyTable present;
    std::set<std::string> file_entities;
    if (profile.mode == ImportMode::replace_open_items) {
        for (std::size_t r = 0; r < nrows; ++r) {
            if (in.vals.size() < (r + 1) * ns) continue;
            std::string_view ent = in.field(r, f_entity);
            if (in.rejected[r] && in.field(r, spec.field_index("item_id")).empty()) continue;
            file_entities.emplace(ent.empty() ? "MAIN" : ent);
            build_key(spec, key_fields, [&](int f) { return in.field(r, f); }, key);
            present.insert(key, static_cast<std::uint32_t>(r));
        }
    }
    std::vector<bool> is_blocked(spec.width(), false);
    for (const auto& b : profile.blocked) is_blocked[static_cast<std::size_t>(spec.field_index(b))] = true;

    // --- merge, validate, repeat without the lines the loader refuses --------------------------------
    struct Merged {
        std::vector<int> cols;
        std::vector<std::string_view> cells;
        std::vector<std::int32_t> origin; ///< incoming row, -1 existing untouched, -2 closed
        std::vector<std::int64_t> line;
        std::string text;
        std::size_t rows() const { return origin.size(); }
    };
    std::deque<std::string> gen; // generated values (stable addresses)
    auto keep = [&](std::string s) -> std::string_view {
        gen.push_back(std::move(s));
        return gen.back();
    };
    auto render = [&](const KindSpec& ks, Merged& m, bool lines = true) {
        m.text.clear();
        std::size_t bytes = 64;
        for (const std::string_view c : m.cells) bytes += c.size() + 1;
        m.text.reserve(bytes + bytes / 64);
        for (std::size_t c = 0; c < m.cols.size(); ++c) {
            if (c) m.text.push_back(',');
            m.text += ks.field_name(static_cast<std::size_t>(m.cols[c]));
        }
        m.text.push_back('\n');
        std::int64_t line = 2;
        m.line.assign(lines ? m.rows() : 0, 0);
        const std::size_t w = m.cols.size();
        if (!lines) {
            m.text.clear();
            render_rows(ks, m.cols, m.cells.data(), m.rows(), [&m](std::string_view piece) { m.text.append(piece); });
            return;
        }
        for (std::size_t r = 0; r < m.rows(); ++r) {
            m.line[r] = line;
            const std::size_t start = m.text.size();
            for (std::size_t c = 0; c < w; ++c) {
                if (c) m.text.push_back(',');
                csv_append_field(m.text, m.cells[r * w + c]);
            }
            if (lines)
                for (std::size_t k = start; k < m.text.size(); ++k) line += m.text[k] == '\n';
            m.text.push_back('\n');
            ++line;
        }
    };

    Merged mt, ma;
    std::vector<std::int32_t> target_of; // incoming row → merged row (-1)
    std::vector<std::uint32_t> closed_rows;
    std::vector<std::int32_t> alloc_origin;
    std::vector<std::uint32_t> alloc_item; // generated allocation → merged items row
    std::vector<std::optional<Currency>> row_cur; // items: currency of each incoming merged row
    std::vector<std::uint32_t> row_cust;          // items: its customer row in the old ledger
    // Customers by "entity\x1fcustomer_id" (entity MAIN for none): one hash probe a row,
    // where Ledger::find_customer looks up both strings in the pool, then the pair.
    KeyTable customer_of;
    if (kind == ImportKind::items) {
        const CustomerTable& C = old.customers();
        customer_of.reserve(C.size());
        for (std::size_t c = 0; c < C.size(); ++c) {
            const std::string_view id = old.str(C.customer_id[c]);
            if (id.empty()) continue;
            key.assign(old.str(C.entity[c]));
            key.push_back('\x1f');
            key.append(id);
            customer_of.insert(key, static_cast<std::uint32_t>(c));
        }
    }
    auto find_customer = [&](std::string_view ent, std::string_view id) -> std::uint32_t {
        if (id.empty()) return kNoRow;
        key.assign(ent);
        key.push_back('\x1f');
        key.append(id);
        const std::uint32_t c = customer_of.find(key);
        return c == KeyTable::npos ? kNoRow : c;
    };
    auto merge = [&]() {
        gen.clear();
        closed_rows.clear();
        // Columns: existing ∪ mapped (∪ open_amount when closing), canonical order.
        std::vector<bool> use(spec.width(), false);
        for (int c : old_t.cols) use[static_cast<std::size_t>(c)] = true;
        for (const auto& s : in.slots) use[static_cast<std::size_t>(s.field)] = true;
        if (profile.mode == ImportMode::replace_open_items) use[static_cast<std::size_t>(spec.field_index("open_amount"))] = true;
        mt.cols.clear();
        for (std::size_t f = 0; f < spec.width(); ++f)
            if (use[f]) mt.cols.push_back(static_cast<int>(f));
        const std::size_t w = mt.cols.size();
        std::vector<int> pos_of(spec.width(), -1);
        for (std::size_t c = 0; c < w; ++c) pos_of[static_cast<std::size_t>(mt.cols[c])] = static_cast<int>(c);
        mt.cells.clear();
        mt.cells.reserve((old_t.rows() + nrows) * w); // no regrowth copies of the largest table
        mt.cells.assign(old_t.rows() * w, std::string_view());
        mt.origin.reserve(old_t.rows() + nrows);
        mt.origin.assign(old_t.rows(), -1);
        for (std::size_t c = 0; c < old_t.cols.size(); ++c) {
            const std::size_t to = static_cast<std::size_t>(pos_of[static_cast<std::size_t>(old_t.cols[c])]);
            for (std::size_t r = 0; r < old_t.rows(); ++r) mt.cells[r * w + to] = old_t.cells[r * old_t.cols.size() + c];
        }
        target_of.assign(nrows, -1);
        for (std::size_t r = 0; r < nrows; ++r) {
            if (in.rejected[r]) continue;
            std::int64_t target = -1;
            bool by_uk = false;
            if (!uk_fields.empty()) {
                bool full = true;
                for (int f : uk_fields) full = full && !in.field(r, f).empty();
                if (full) {
                    std::vector<int> ukf{f_entity};
                    ukf.insert(ukf.end(), uk_fields.begin(), uk_fields.end());
                    build_key(spec, ukf, [&](int f) { return in.field(r, f); }, key);
                    if (const auto t = old_uk.find(key); t != KeyTable::npos) {
                        target = t;
                        by_uk = true;
                    }
                }
            }
            if (target < 0 && old_t.rows() > 0) {
                build_key(spec, key_fields, [&](int f) { return in.field(r, f); }, key);
                if (const auto t = old_index.find(key); t != KeyTable::npos) target = t;
            }
            if (target >= 0) {
                const auto t = static_cast<std::size_t>(target);
                if (mt.origin[t] >= 0) {
                    in.reject(r, "duplicate key: matches the same row as line " +
                                     std::to_string(in.line[static_cast<std::size_t>(mt.origin[t])]));
                    continue;
                }
                mt.origin[t] = static_cast<std::int32_t>(r);
                target_of[r] = static_cast<std::int32_t>(t);
                for (std::size_t s = 0; s < ns; ++s) {
                    const int f = in.slots[s].field;
                    if (is_blocked[static_cast<std::size_t>(f)]) continue;
                    if (by_uk && (f == f_entity || spec.field_name(static_cast<std::size_t>(f)) == "customer_id")) continue;
                    const std::string_view v = in.val(r, s);
                    if (v.empty() && !profile.empty_overwrites) continue;
                    mt.cells[t * w + static_cast<std::size_t>(pos_of[static_cast<std::size_t>(f)])] = v;
                }
            } else {
                target_of[r] = static_cast<std::int32_t>(mt.origin.size());
                mt.origin.push_back(static_cast<std::int32_t>(r));
                const std::size_t base = mt.cells.size();
                mt.cells.resize(base + w);
                for (std::size_t s = 0; s < ns; ++s)
                    mt.cells[base + static_cast<std::size_t>(pos_of[static_cast<std::size_t>(in.slots[s].field)])] = in.val(r, s);
            }
        }
        // Amounts of incoming rows in canonical form (the currency's minor-unit digits),
        // so that the text validated below is, as a rule, byte for byte the text written.
        {
            std::vector<std::size_t> amount_pos, rate_pos;
            for (std::size_t c = 0; c < w; ++c) {
                const ProfileFieldType t = spec.field_type(static_cast<std::size_t>(mt.cols[c]));
                if (t == ProfileFieldType::amount) amount_pos.push_back(c);
                if (t == ProfileFieldType::decimal) rate_pos.push_back(c);
            }
            const Currency base = old.company().base_currency;
            const int fcur = spec.field_index("currency"), fcust = spec.field_index("customer_id"),
                      flcur = spec.field_index("credit_limit_currency"), fitem = spec.field_index("item_id"),
                      flimit = spec.field_index("credit_limit");
            auto cell_at = [&](std::size_t r, int f) -> std::string_view {
                if (f < 0) return {};
                const int p = pos_of[static_cast<std::size_t>(f)];
                return p < 0 ? std::string_view() : mt.cells[r * w + static_cast<std::size_t>(p)];
            };
            auto code = [](std::string_view c) -> std::optional<Currency> {
                return c.empty() ? std::nullopt : Currency::find(c);
            };
            row_cur.assign(mt.rows(), std::nullopt);
            row_cust.assign(mt.rows(), kNoRow);
            for (std::size_t r = 0; r < mt.rows() && !(amount_pos.empty() && rate_pos.empty()); ++r) {
                if (mt.origin[r] < 0) continue;
                for (std::size_t c : rate_pos)
                    if (!mt.cells[r * w + c].empty()) mt.cells[r * w + c] = decimal_key(mt.cells[r * w + c]);
                std::optional<Currency> cur, limit_cur;
                std::string_view ent = cell_at(r, f_entity);
                if (ent.empty()) ent = "MAIN";
                if (kind == ImportKind::items) {
                    const std::string_view cc = cell_at(r, fcur);
                    const std::uint32_t cr = find_customer(ent, cell_at(r, fcust));
                    row_cust[r] = cr;
                    if (!cc.empty()) cur = code(cc);
                    else cur = cr != kNoRow ? old.customers().currency[cr] : base;
                } else if (kind == ImportKind::customers) {
                    const std::string_view cc = cell_at(r, fcur), lc = cell_at(r, flcur);
                    cur = cc.empty() ? std::optional<Currency>(base) : code(cc);
                    limit_cur = lc.empty() ? cur : code(lc);
                } else if (kind == ImportKind::allocations) {
                    const std::uint32_t it = old.find_item(ent, cell_at(r, fitem));
                    if (it != kNoRow) cur = old.items().currency[it];
                }
                if (kind == ImportKind::items) row_cur[r] = cur;
                for (std::size_t c : amount_pos) {
                    std::string_view& v = mt.cells[r * w + c];
                    const std::optional<Currency>& cc = mt.cols[c] == flimit ? limit_cur : cur;
                    if (v.empty() || !cc) continue;
                    std::int64_t units = 0;
                    if (canonical_fixed(v, cc->minor_units(), units)) continue; // as a rule: nothing to rewrite
                    if (parse_fixed(v, cc->minor_units(), units) != FixedParse::ok) continue; // the loader says why
                    std::string canon = format_fixed(units, cc->minor_units());
                    if (canon != v) v = keep(std::move(canon));
                }
            }
        }
        // Allocations that keep the sum rule (items with allocations.csv).
        ma = Merged();
        alloc_origin.clear();
        alloc_item.clear();
        std::vector<std::array<std::string_view, 4>> new_allocs; // entity, item_id, date, amount
        const std::string date_text = opt.date.to_string();
        const int f_item = spec.field_index("item_id"), f_amount = spec.field_index("amount"),
                  f_open = spec.field_index("open_amount");
        if (profile.mode == ImportMode::replace_open_items) {
            const ItemTable& I = old.items();
            for (std::size_t r = 0; r < old_t.rows(); ++r) {
                if (mt.origin[r] >= 0 || I.open_amount[r] == 0) continue;
                std::string_view ent = old_t.get(r, f_entity);
                if (!file_entities.count(std::string(ent.empty() ? "MAIN" : ent))) continue;
                build_key(spec, key_fields, [&](int f) { return old_t.get(r, f); }, key);
                if (present.find(key) != KeyTable::npos) continue;
                mt.origin[r] = -2;
                closed_rows.push_back(static_cast<std::uint32_t>(r));
                mt.cells[r * w + static_cast<std::size_t>(pos_of[static_cast<std::size_t>(f_open)])] =
                    keep(format_fixed(0, I.currency[r].minor_units()));
                if (balance_items) {
                    new_allocs.push_back({ent, old_t.get(r, f_item), keep(date_text),
                                          keep(format_fixed(I.open_amount[r], I.currency[r].minor_units()))});
                    alloc_origin.push_back(-2);
                    alloc_item.push_back(static_cast<std::uint32_t>(r));
                }
            }
        }
        if (balance_items) {
            const ItemTable& I = old.items();
            for (std::size_t r = 0; r < nrows; ++r) {
                const std::int32_t t = target_of[r];
                if (in.rejected[r] || t < 0) continue;
                const auto tr = static_cast<std::size_t>(t);
                auto cellv = [&](int f) { return mt.cells[tr * w + static_cast<std::size_t>(pos_of[static_cast<std::size_t>(f)])]; };
                const std::string_view a = cellv(f_amount);
                const std::string_view o = pos_of[static_cast<std::size_t>(f_open)] >= 0 ? cellv(f_open) : std::string_view();
                const auto da = Decimal::try_parse(a);
                const auto dop = o.empty() ? da : Decimal::try_parse(o);
                if (!da || !dop) continue; // the loader names the bad value
                Decimal delta = *da - *dop;
                if (tr < old_t.rows()) {
                    const int mu = I.currency[tr].minor_units();
                    delta -= Decimal::from_units(Int128(I.amount[tr]) - Int128(I.open_amount[tr]), mu);
                }
                if (delta.is_zero()) continue;
                // In the item currency's canonical form (as csv_text writes it).
                std::string amount_text = delta.normalized().to_string();
                std::int64_t units = 0;
                if (row_cur[tr] && parse_fixed(amount_text, row_cur[tr]->minor_units(), units) == FixedParse::ok)
                    amount_text = format_fixed(units, row_cur[tr]->minor_units());
                new_allocs.push_back({cellv(f_entity), cellv(f_item), keep(date_text), keep(std::move(amount_text))});
                alloc_origin.push_back(static_cast<std::int32_t>(r));
                alloc_item.push_back(static_cast<std::uint32_t>(tr));
            }
            // allocations.csv = old rows + new ones (entity column added when needed).
            std::vector<bool> ause(aspec.width(), false);
            for (int c : old_alloc.cols) ause[static_cast<std::size_t>(c)] = true;
            for (const auto& a : new_allocs)
                if (!a[0].empty()) ause[0] = true;
            ause[1] = ause[2] = ause[3] = true;
            for (std::size_t f = 0; f < aspec.width(); ++f)
                if (ause[f]) ma.cols.push_back(static_cast<int>(f));
            const std::size_t aw = ma.cols.size();
            for (std::size_t r = 0; r < old_alloc.rows(); ++r) {
                for (int c : ma.cols) ma.cells.push_back(old_alloc.get(r, c));
                ma.origin.push_back(-1);
            }
            for (std::size_t k = 0; k < new_allocs.size(); ++k) {
                for (int c : ma.cols) ma.cells.push_back(new_allocs[k][static_cast<std::size_t>(c)]);
                ma.origin.push_back(alloc_origin[k]);
            }
            (void)aw;
        }
    };

    std::optional<Ledger> new_ledger;
    DataSources new_src;
    std::vector<Diagnostic> fatal;
    // Every diagnostic at once: a row must get all its reasons in the round that refuses it.
    LoadOptions lopt;
    lopt.max_errors_per_file = std::numeric_limits<std::size_t>::max();
    // Items: check the touched rows directly, load only the suspects (see item_row_ok).
    const bool fast = kind == ImportKind::items && !opt.full_validation;
    bool validated = false;
    Merged mini_t, mini_a;                      // the suspects and the allocations of their items
    std::vector<std::uint32_t> mini_t_of, mini_a_of; // their rows in mt / ma
    DataSources mini_src;
    if (fast)
        for (const auto& [name, text] : base_src)
            if (name != file && name != "allocations.csv" && name != "disputes.csv" && name != "actions.csv")
                mini_src.emplace(name, text);
    ItemPos ipos;
    std::vector<std::uint8_t> suspect;
    std::vector<ItemFacts> facts;
    const bool alloc_date_ok = Date::parse(opt.date.to_string()).has_value();
    // Values of a CSV source are pieces of its decoded text, of the profile or generated:
    // when those are valid UTF-8 without NUL, so is every cell (checked once, not per cell).
    // (decode_to_utf8 gave valid UTF-8: only NUL remains to rule out.)
    bool cells_clean = !in.src.empty() && std::memchr(in.src.data(), 0, in.src.size()) == nullptr;
    for (const Slot& sl : in.slots)
        if (sl.rule) {
            cells_clean = cells_clean && find_invalid_text(sl.rule->value) == std::string_view::npos &&
                          find_invalid_text(sl.rule->sep) == std::string_view::npos;
            for (const auto& [k, val] : sl.map) cells_clean = cells_clean && find_invalid_text(val) == std::string_view::npos;
        }
    // Strict mode runs the same rounds so that the reject file lists every bad line.
    for (int iter = 0; iter < 16; ++iter) {
        merge();
        Merged* vt = &mt;
        Merged* va = &ma;
        if (fast) {
            auto at = [&](const char* name) {
                const int f = spec.field_index(name);
                for (std::size_t c = 0; c < mt.cols.size(); ++c)
                    if (mt.cols[c] == f) return static_cast<int>(c);
                return -1;
            };
            ipos = ItemPos{at("entity"), at("item_id"), at("customer_id"), at("type"), at("issue_date"), at("due_date"),
                           at("currency"), at("amount"), at("open_amount"), at("status"), at("status_date"),
                           at("promise_date")};
            const std::size_t w = mt.cols.size(), nt = mt.rows();
            suspect.assign(nt, 0);
            facts.resize(nt);
            const ItemTable& I = old.items();
            const AllocationTable& A = old.allocations();
            bool any = false;
            for (std::size_t r = 0; r < nt; ++r) {
                if (mt.origin[r] < 0) continue; // untouched, or closed (valid: open_amount 0 of a valid row)
                if (r < old_t.rows() && mt.cols == old_t.cols &&
                    std::equal(mt.cells.begin() + static_cast<std::ptrdiff_t>(r * w),
                               mt.cells.begin() + static_cast<std::ptrdiff_t>((r + 1) * w),
                               old_t.cells.begin() + static_cast<std::ptrdiff_t>(r * w)))
                    continue; // unchanged: the row the old directory loaded, and no allocation for it
                if (!item_row_ok(old, ipos, mt.cells.data() + r * w, w, row_cust[r], lopt.max_field_bytes, cells_clean, facts[r])) {
                    suspect[r] = 1;
                } else if (balance_items && r < old_t.rows() && A.offset[r + 1] > A.offset[r] &&
                           (!(facts[r].currency == I.currency[r]) || (facts[r].amount > 0) != (I.amount[r] > 0))) {
                    suspect[r] = 1; // its allocations would be read in another currency or sign
                }
                any = any || suspect[r];
            }
            if (balance_items) {
                const std::size_t aw = ma.cols.size(), base = old_alloc.rows();
                for (std::size_t k = base; k < ma.rows(); ++k) {
                    const std::uint32_t t = alloc_item[k - base];
                    std::int64_t u = 0;
                    if (mt.origin[t] == -2) {
                        if (alloc_date_ok) continue; // the closed balance: an allocation of the item's own sign
                        suspect[t] = 1;
                    } else if (!suspect[t] && (!alloc_date_ok ||
                                               !canonical_fixed(ma.cells[k * aw + aw - 1], facts[t].currency.minor_units(), u) ||
                                               u == 0 || (u > 0) != (facts[t].amount > 0))) {
                        suspect[t] = 1;
                    }
                    any = any || suspect[t];
                }
            }
            if (!any) {
                validated = true;
                break;
            }
            mini_t = Merged();
            mini_a = Merged();
            mini_t_of.clear();
            mini_a_of.clear();
            mini_t.cols = mt.cols;
            for (std::size_t r = 0; r < nt; ++r) {
                if (!suspect[r]) continue;
                mini_t.cells.insert(mini_t.cells.end(), mt.cells.begin() + static_cast<std::ptrdiff_t>(r * w),
                                    mt.cells.begin() + static_cast<std::ptrdiff_t>((r + 1) * w));
                mini_t.origin.push_back(mt.origin[r]);
                mini_t_of.push_back(static_cast<std::uint32_t>(r));
            }
            if (balance_items) {
                mini_a.cols = ma.cols;
                const std::size_t aw = ma.cols.size(), base = old_alloc.rows();
                for (std::size_t k = 0; k < ma.rows(); ++k) {
                    const std::uint32_t t = k < base ? A.item[k] : alloc_item[k - base];
                    if (!suspect[t]) continue;
                    mini_a.cells.insert(mini_a.cells.end(), ma.cells.begin() + static_cast<std::ptrdiff_t>(k * aw),
                                        ma.cells.begin() + static_cast<std::ptrdiff_t>((k + 1) * aw));
                    mini_a.origin.push_back(ma.origin[k]);
                    mini_a_of.push_back(static_cast<std::uint32_t>(k));
                }
            }
            vt = &mini_t;
            va = &mini_a;
        }
        render(spec, *vt);
        if (balance_items) render(aspec, *va);
        if (iter == 0 && !fast) new_src = base_src; // other files stay as they are
        DataSources& srcs = fast ? mini_src : new_src;
        srcs[file] = vt->text;
        if (balance_items) srcs["allocations.csv"] = va->text;
        try {
            new_ledger.emplace(Ledger::load_sources(srcs, lopt));
            validated = true;
            if (fast) {
                // The suspects load: take their canonical text back into the merged tables.
                const TextTable ct = parse_table(spec, new_ledger->csv_text(file));
                const std::size_t w = mt.cols.size();
                for (std::size_t i = 0; i < ct.rows(); ++i)
                    for (std::size_t c = 0; c < w; ++c) {
                        std::string_view& cell = mt.cells[mini_t_of[i] * w + c];
                        const std::string_view v = ct.get(i, mt.cols[c]);
                        if (v != cell) cell = keep(std::string(v));
                    }
                if (balance_items) {
                    const TextTable ca = parse_table(aspec, new_ledger->csv_text("allocations.csv"));
                    const std::size_t aw = ma.cols.size();
                    for (std::size_t i = 0; i < ca.rows(); ++i)
                        for (std::size_t c = 0; c < aw; ++c) {
                            std::string_view& cell = ma.cells[mini_a_of[i] * aw + c];
                            const std::string_view v = ca.get(i, ma.cols[c]);
                            if (v != cell) cell = keep(std::string(v));
                        }
                }
            }
            break;
        } catch (const DataError& e) {
            std::size_t refused = 0;
            auto row_at = [](const Merged& m, std::int64_t line) -> std::int64_t {
                auto it = std::upper_bound(m.line.begin(), m.line.end(), line);
                if (it == m.line.begin()) return -1;
                return (it - m.line.begin()) - 1;
            };
            auto reason_of = [](const Diagnostic& d) {
                std::string s = d.column.empty() ? std::string() : d.column + ": ";
                if (!d.value.empty()) s += "value '" + d.value + "': ";
                return s + d.message;
            };
            for (const auto& d : e.diagnostics()) {
                std::int64_t origin = -1;
                if (d.file == file && d.line >= 2) {
                    const std::int64_t r = row_at(*vt, d.line);
                    if (r >= 0) origin = vt->origin[static_cast<std::size_t>(r)];
                } else if (balance_items && d.file == "allocations.csv" && d.line >= 2) {
                    const std::int64_t r = row_at(*va, d.line);
                    if (r >= 0) origin = va->origin[static_cast<std::size_t>(r)];
                } else if (kind == ImportKind::allocations && d.file == "items.csv" && d.line >= 2) {
                    // The sum rule of an item broken by imported allocations: refuse them.
                    const ItemTable& I = old.items();
                    for (std::size_t it = 0; it < I.size(); ++it) {
                        if (I.line[it] != d.line) continue;
                        const std::string_view ent = old.str(I.entity[it]), id = old.str(I.item_id[it]);
                        for (std::size_t r = 0; r < nrows; ++r) {
                            if (in.rejected[r]) continue;
                            std::string_view re = in.field(r, f_entity);
                            if (re.empty()) re = "MAIN";
                            if (re == ent && in.field(r, spec.field_index("item_id")) == id) {
                                in.reject(r, "item " + std::string(id) + ": " + reason_of(d));
                                ++refused;
                            }
                        }
                        origin = -3; // handled
                    }
                }
                if (origin >= 0) {
                    const auto o = static_cast<std::size_t>(origin);
                    if (!in.rejected[o]) ++refused;
                    in.reject(o, reason_of(d));
                } else if (origin != -3) {
                    fatal.push_back(d);
                }
            }
            if (!fatal.empty()) break;
            if (refused == 0) {
                fatal = e.diagnostics();
                break;
            }
        }
    }

    lap("merge and validate");
    // --- rejects ------------------------------------------------------------------------------
    for (std::size_t r = 0; r < nrows; ++r) {
        if (!in.rejected[r]) continue;
        RejectedLine rl;
        rl.line = in.line[r];
        rl.raw = std::string(in.raw[r]);
        rl.reasons = in.reasons[r];
        res.rejects.push_back(std::move(rl));
    }
    res.rejected = res.rejects.size();
    {
        std::string rj = "line,raw,reasons\n";
        for (const auto& rl : res.rejects) {
            rj += std::to_string(rl.line);
            rj.push_back(',');
            csv_append_field(rj, rl.raw);
            rj.push_back(',');
            std::string reasons;
            for (const auto& x : rl.reasons) reasons += (reasons.empty() ? "" : "; ") + x;
            csv_append_field(rj, reasons);
            rj.push_back('\n');
        }
        write_file_atomic(res.rejects_file, rj);
    }
    if (!fatal.empty()) {
        std::string msg = "nothing imported: the resulting data directory would not load:";
        for (std::size_t k = 0; k < fatal.size() && k < 100; ++k) msg += "\n" + fatal[k].to_string();
        if (fatal.size() > 100) msg += "\n… " + std::to_string(fatal.size() - 100) + " more";
        res.failure = msg;
        return res;
    }
    if (!validated) {
        res.failure = "nothing imported: the data directory still did not load after 16 rounds of refusing lines";
        return res;
    }
    if (profile.strict && res.rejected > 0) {
        res.failure = "nothing imported: strict mode and " + std::to_string(res.rejected) + " rejected line(s)";
        return res;
    }
    if (nrows > 0 && res.rejected == nrows) {
        res.failure = "nothing imported: every line was rejected";
        return res;
    }

    // --- counts and changes -------------------------------------------------------------------------
    // The fast path validated the merged rows in canonical form: they are the new text.
    // The fast path validated the merged rows in canonical form: they are the new text,
    // written from the cells in pieces at the commit (never held whole).
    std::string new_text = fast ? std::string() : new_ledger->csv_text(file);
    // As a rule the validated text is already canonical: compare with its cells directly.
    TextTable new_t;
    if (fast || new_text == mt.text) {
        new_t.cols = mt.cols;
        new_t.cells = std::move(mt.cells);
    } else {
        new_t = parse_table(spec, new_text);
    }
    auto describe_key = [&](const TextTable& t, std::size_t r) {
        build_key(spec, key_fields, [&](int f) { return t.get(r, f); }, key);
        return shown_key(key);
    };
    constexpr std::size_t kMaxChanges = 1000;
    auto room = [&]() {
        if (res.changes.size() < kMaxChanges) return true;
        ++res.changes_omitted;
        return false;
    };
    for (std::size_t r = 0; r < new_t.rows(); ++r) {
        const std::int32_t o = mt.origin[r];
        if (o == -1) continue;
        if (o == -2) {
            ++res.closed;
            if (room()) res.changes.push_back("close  " + file + " " + describe_key(new_t, r) + ": open_amount " +
                                  std::string(old_t.get(r, spec.field_index("open_amount")).empty()
                                                  ? old_t.get(r, spec.field_index("amount"))
                                                  : old_t.get(r, spec.field_index("open_amount"))) +
                                  " → " + std::string(new_t.get(r, spec.field_index("open_amount"))));
            continue;
        }
        if (r >= old_t.rows()) {
            ++res.created;
            if (room()) res.changes.push_back("create " + file + " " + describe_key(new_t, r));
            continue;
        }
        std::string diff;
        for (int c : new_t.cols) {
            const std::string_view a = old_t.get(r, c), b = new_t.get(r, c);
            if (a != b)
                diff += (diff.empty() ? "" : ", ") + spec.field_name(static_cast<std::size_t>(c)) + " '" + std::string(a) +
                        "' → '" + std::string(b) + "'";
        }
        if (diff.empty()) {
            ++res.unchanged;
        } else {
            ++res.updated;
            if (room()) res.changes.push_back("update " + file + " " + describe_key(new_t, r) + ": " + diff);
        }
    }
    lap("compare");
    std::vector<OutFile> files;
    const bool target_changed = res.created + res.updated + res.closed > 0 || new_t.cols != old_t.cols;
    if (target_changed || !has_target) {
        OutFile f{file, std::move(new_text), {}};
        if (fast)
            f.produce = [&](const ChunkWriter& write) {
                render_rows(spec, new_t.cols, new_t.cells.data(), new_t.rows(), write);
            };
        files.push_back(std::move(f));
    }
    if (balance_items && ma.rows() > old_alloc.rows()) {
        if (fast) render(aspec, ma, false);
        files.push_back(OutFile{"allocations.csv", fast ? ma.text : new_ledger->csv_text("allocations.csv"), {}});
        for (std::size_t k = old_alloc.rows(); k < ma.rows(); ++k)
            if (room()) res.changes.push_back("create allocations.csv " + std::string(ma.cells[k * ma.cols.size() + (ma.cols.size() - 3)]) + " " +
                                  std::string(ma.cells[k * ma.cols.size() + (ma.cols.size() - 2)]) + " " +
                                  std::string(ma.cells[k * ma.cols.size() + (ma.cols.size() - 1)]));
    }
    for (const auto& f : created_files)
        if (f != file) files.push_back(OutFile{f, base_src[f], {}});
    res.applied = true;
    if (opt.dry_run || files.empty()) return res;

    // The bytes to be written must be the ones the loader accepted: as a rule they are
    // (the merged text is canonical already); otherwise load the rewritten files again.
    bool same = true;
    if (!fast)
        for (const OutFile& f : files) same = same && new_src.count(f.name) && new_src[f.name] == f.text;
    if (!same) {
        DataSources final_src = base_src;
        for (const OutFile& f : files) final_src[f.name] = f.text;
        try {
            (void)Ledger::load_sources(final_src);
        } catch (const DataError& e) {
            throw Error(Errc::internal, std::string("canonical rewrite does not reload (a bug): ") + e.what());
        }
    }
    lap("recheck");
    fs::create_directories(opt.data_dir, ec);
    if (ec) throw Error(Errc::io, opt.data_dir.string() + ": cannot create: " + ec.message());
    Commit(opt.data_dir).run(files, opt.fail_after_renames);
    lap("commit");
    for (const OutFile& f : files) res.files_written.push_back(f.name);
    return res;
}

DSOCORE_END_NAMESPACE
