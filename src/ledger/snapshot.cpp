// Snapshots: the loaded columnar ledger in a versioned, checksummed binary file.
//
// Layout (little-endian, the machine's own; a snapshot is a cache, not an interchange
// format):
//   header (64 bytes): magic "DSOCSNAP", format version, header size, payload size,
//   payload checksum, endianness mark;
//   payload: a sequence of blocks, each an 8-byte length then the bytes, padded to 8.
// The payload lists every column in one fixed order (transfer() below is the single
// list used both to write and to read). Opening maps the file and makes every column,
// the string pool and the key indexes VIEW their block in the mapping (blocks start at
// 8-byte-aligned offsets of a page-aligned map): nothing is copied. Company settings,
// scenarios and templates are kept as their source texts and parsed again (small).
// Checks on open (docs/decisions.md, "Snapshots"): the checksum of the whole payload
// (1 MiB chunks hashed on all cores), then the structure: every block inside the
// payload, column lengths that agree, every row reference, string offset and index
// slot in range, so that even a file forged with a right checksum cannot make a reader
// go out of bounds.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <cerrno>
#include <cstring>
#include <memory>
#include <new>
#include <type_traits>

#include "dsocore/core/error.hpp"
#include "dsocore/io/csv.hpp"
#include "dsocore/ledger/ledger.hpp"
#include "dsocore/reports/parallel.hpp"

DSOCORE_BEGIN_NAMESPACE

void restore_settings(Ledger& l, const LoadOptions& options, const DataSources& src); // load.cpp

namespace {

constexpr char kMagic[8] = {'D', 'S', 'O', 'C', 'S', 'N', 'A', 'P'};
// 2: columns viewed in place, line runs, currency index; 3: sparse item status/comment columns
constexpr std::uint32_t kVersion = 3;
constexpr std::uint64_t kEndian = 0x0102030405060708ULL;
constexpr std::size_t kChunk = std::size_t{1} << 20;

struct Header {
    char magic[8];
    std::uint32_t version;
    std::uint32_t header_size;
    std::uint64_t payload_size;
    std::uint64_t checksum;
    std::uint64_t endian;
    std::uint64_t reserved[3];
};
static_assert(sizeof(Header) == 64);

std::uint64_t chunk_hash(const unsigned char* p, std::size_t n) noexcept {
    // Four independent multiply-xorshift lanes over 32-byte stripes, then the tail.
    constexpr std::uint64_t K = 0x9E3779B97F4A7C15ULL;
    std::uint64_t h[4] = {0x243F6A8885A308D3ULL, 0x13198A2E03707344ULL, 0xA4093822299F31D0ULL, 0x082EFA98EC4E6C89ULL};
    std::size_t i = 0;
    for (; i + 32 <= n; i += 32)
        for (int l = 0; l < 4; ++l) {
            std::uint64_t w;
            std::memcpy(&w, p + i + 8 * static_cast<std::size_t>(l), 8);
            h[l] = (h[l] ^ w) * K;
            h[l] ^= h[l] >> 31;
        }
    std::uint64_t r = h[0] ^ (h[1] * 3) ^ (h[2] * 5) ^ (h[3] * 7) ^ n;
    for (; i < n; ++i) r = (r ^ p[i]) * 0x100000001B3ULL;
    r ^= r >> 33;
    r *= 0xFF51AFD7ED558CCDULL;
    r ^= r >> 33;
    return r;
}

/// The checksum from the hashes of the payload's kChunk pieces, in order.
std::uint64_t combine_parts(const std::vector<std::uint64_t>& parts, std::size_t n) noexcept {
    std::uint64_t h = 0xCBF29CE484222325ULL ^ n;
    for (auto x : parts) h = (h ^ x) * 0x100000001B3ULL + (h >> 29);
    return h;
}

std::uint64_t payload_checksum(const unsigned char* p, std::size_t n) {
    const std::size_t chunks = (n + kChunk - 1) / kChunk;
    std::vector<std::uint64_t> parts(chunks);
    parallel_ranges(
        chunks,
        [&](unsigned, std::size_t b, std::size_t e) {
            for (std::size_t c = b; c < e; ++c) parts[c] = chunk_hash(p + c * kChunk, std::min(kChunk, n - c * kChunk));
        },
        16);
    return combine_parts(parts, n);
}

[[noreturn]] void bad(const std::string& file, const std::string& why) {
    throw Error(Errc::data, file + ": " + why);
}

/// Streams blocks: the payload goes through one kChunk buffer, each full piece hashed
/// as payload_checksum hashes it (same checksum, one core) and handed to `sink` (none:
/// the pass only measures and hashes). The file is never held in memory whole.
struct Writer {
    static constexpr bool reading = false;
    const std::function<void(std::string_view)>* sink = nullptr;
    std::string buf;
    std::vector<std::uint64_t> parts;
    std::uint64_t size = 0;
    void bytes(const char* p, std::size_t n) {
        while (n > 0) {
            if (buf.capacity() < kChunk) buf.reserve(kChunk);
            const std::size_t k = std::min(n, kChunk - buf.size());
            buf.append(p, k);
            p += k;
            n -= k;
            size += k;
            if (buf.size() == kChunk) flush();
        }
    }
    void flush() {
        parts.push_back(chunk_hash(reinterpret_cast<const unsigned char*>(buf.data()), buf.size()));
        if (sink) (*sink)(buf);
        buf.clear();
    }
    /// After the last block: the payload checksum.
    std::uint64_t finish() {
        if (!buf.empty()) flush();
        return combine_parts(parts, static_cast<std::size_t>(size));
    }
    void raw(const void* p, std::size_t n) {
        static constexpr char zeros[8] = {};
        const std::uint64_t len = n;
        bytes(reinterpret_cast<const char*>(&len), sizeof len);
        bytes(static_cast<const char*>(p), n);
        bytes(zeros, (8 - n % 8) % 8);
    }
    template <class T>
    void vec(std::vector<T>& v) {
        static_assert(std::is_trivially_copyable_v<T>);
        raw(v.data(), v.size() * sizeof(T));
    }
    template <class T>
    void col(LedgerColumn<T>& v) {
        static_assert(std::is_trivially_copyable_v<T>);
        raw(v.data(), v.size() * sizeof(T));
    }
    void str(std::string& s) { raw(s.data(), s.size()); }
    template <class T>
    void pod(T& v) {
        static_assert(std::is_trivially_copyable_v<T>);
        raw(&v, sizeof v);
    }
};

/// Reads blocks back, checking every length against the payload.
struct Reader {
    const unsigned char* p;
    std::size_t n, pos = 0;
    const std::string& file;
    static constexpr bool reading = true;
    std::pair<const unsigned char*, std::size_t> raw() {
        std::uint64_t len;
        if (n - pos < sizeof len) bad(file, "corrupt snapshot (a block runs past the end)");
        std::memcpy(&len, p + pos, sizeof len);
        pos += sizeof len;
        if (len > n - pos) bad(file, "corrupt snapshot (a block runs past the end)");
        const auto* d = p + pos;
        pos += static_cast<std::size_t>(len + (8 - len % 8) % 8);
        if (pos > n) bad(file, "corrupt snapshot (a block runs past the end)");
        return {d, static_cast<std::size_t>(len)};
    }
    template <class T>
    void vec(std::vector<T>& v) {
        const auto [d, len] = raw();
        if (len % sizeof(T) != 0) bad(file, "corrupt snapshot (a column has a partial element)");
        // One copy straight from the mapping (blocks are 8-byte aligned in a page-aligned map).
        const T* first = reinterpret_cast<const T*>(d);
        v.assign(first, first + len / sizeof(T));
    }
    /// A view of the block (the mapping outlives the ledger's columns).
    template <class T>
    void col(LedgerColumn<T>& v) {
        const auto [d, len] = raw();
        if (len % sizeof(T) != 0) bad(file, "corrupt snapshot (a column has a partial element)");
        static_assert(alignof(T) <= 8);
        v = LedgerColumn<T>::view(reinterpret_cast<const T*>(d), len / sizeof(T));
    }
    void str(std::string& s) {
        const auto [d, len] = raw();
        s.assign(reinterpret_cast<const char*>(d), len);
    }
    template <class T>
    void pod(T& v) {
        const auto [d, len] = raw();
        if (len != sizeof v) bad(file, "corrupt snapshot (a value has the wrong size)");
        std::memcpy(&v, d, sizeof v);
    }
};

template <class IO>
void strings(IO& io, std::vector<std::string>& v) {
    std::uint64_t n = v.size();
    io.pod(n);
    if constexpr (IO::reading) {
        if (n > io.n) bad(io.file, "corrupt snapshot (a list is longer than the file)");
        v.resize(static_cast<std::size_t>(n));
    }
    for (auto& s : v) io.str(s);
}

template <class IO>
void column_set(IO& io, ColumnSet& c) {
    strings(io, c);
}

} // namespace

/// The payload checksum (the tests forge files with a right checksum to reach the
/// structure checks; declared there, not in a header).
std::uint64_t snapshot_payload_checksum(const unsigned char* p, std::size_t n);
std::uint64_t snapshot_payload_checksum(const unsigned char* p, std::size_t n) { return payload_checksum(p, n); }

class SnapshotAccess {
public:
    template <class IO>
    static void pool(IO& io, StringPool& s) {
        // Records blob: every id's record ([u32 length][bytes], id 0 = "") in id order,
        // the offset of each, and the hash table as in memory.
        LedgerColumn<char> blob;
        LedgerColumn<std::uint64_t> off;
        if constexpr (!IO::reading) {
            std::vector<char> b;
            std::vector<std::uint64_t> o;
            o.reserve(s.size());
            for (std::size_t id = 0; id < s.size(); ++id) {
                const std::string_view v = s[static_cast<StrId>(id)];
                const auto len = static_cast<std::uint32_t>(v.size());
                const char* l = reinterpret_cast<const char*>(&len);
                o.push_back(b.size());
                b.insert(b.end(), l, l + sizeof len);
                b.insert(b.end(), v.begin(), v.end());
            }
            blob.assign(b.begin(), b.end());
            off.assign(o.begin(), o.end());
        }
        std::uint64_t count = s.size();
        io.pod(count);
        io.col(blob);
        io.col(off);
        LedgerColumn<std::uint64_t> table = s.table_;
        io.col(table);
        if constexpr (IO::reading) {
            // Read through const references: a non-const LedgerColumn's [] would copy a
            // viewed column into memory of its own (copy-on-write).
            const LedgerColumn<char>& cblob = blob;
            const LedgerColumn<std::uint64_t>& coff = off;
            const LedgerColumn<std::uint64_t>& ctab = table;
            const std::size_t ts = table.size();
            if (ts == 0 || (ts & (ts - 1)) != 0 || count == 0 || off.size() != count || count > ts)
                bad(io.file, "corrupt snapshot (string table)");
            // Offsets ascending, each record inside the blob with its length.
            const std::size_t bs = blob.size();
            std::atomic<bool> ok{coff[0] == 0};
            parallel_ranges(count, [&](unsigned, std::size_t b, std::size_t e) {
                bool good = true;
                for (std::size_t id = b; id < e && good; ++id) {
                    const std::uint64_t at = coff[id];
                    const std::uint64_t next = id + 1 < count ? coff[id + 1] : bs;
                    if (at > bs || next > bs || next < at || next - at < sizeof(std::uint32_t)) {
                        good = false;
                        break;
                    }
                    std::uint32_t len;
                    std::memcpy(&len, cblob.data() + at, sizeof len);
                    good = len == next - at - sizeof len;
                }
                if (!good) ok = false;
            });
            if (!ok) bad(io.file, "corrupt snapshot (string records)");
            std::atomic<bool> slots_ok{true};
            parallel_ranges(ts, [&](unsigned, std::size_t b, std::size_t e) {
                bool good = true;
                for (std::size_t i = b; i < e; ++i) {
                    const std::uint64_t slot = ctab[i];
                    good &= slot == 0 || (static_cast<std::uint32_t>(slot) < count && static_cast<std::uint32_t>(slot) != 0);
                }
                if (!good) slots_ok = false;
            });
            if (!slots_ok) bad(io.file, "corrupt snapshot (string table)");
            StringPool p;
            p.records_.clear();
            p.base_blob_ = std::move(blob);
            p.base_off_ = std::move(off);
            p.base_n_ = static_cast<std::size_t>(count);
            p.table_ = std::move(table);
            p.mask_ = ts - 1;
            s = std::move(p);
        }
    }

    template <class IO>
    static void key_index(IO& io, KeyIndex& k) {
        io.col(k.keys_);
        io.col(k.rows_);
        std::uint64_t size = k.size_, mask = k.mask_;
        io.pod(size);
        io.pod(mask);
        if constexpr (IO::reading) {
            const std::size_t n = k.keys_.size();
            if (n != k.rows_.size() || (n & (n - 1)) != 0 || (n && mask != n - 1) || size > n || (n && size == n))
                bad(io.file, "corrupt snapshot (key index)");
            k.size_ = static_cast<std::size_t>(size);
            k.mask_ = static_cast<std::size_t>(mask);
        }
    }

    template <class IO>
    static void item_index(IO& io, ItemIndex& x, std::size_t strings, std::size_t rows) {
        io.col(x.head_);
        io.col(x.next_);
        if constexpr (IO::reading) {
            // Rows in range and chains that only go to smaller rows (so they end).
            const LedgerColumn<std::uint32_t>& head = x.head_; // const: no copy-on-write
            const LedgerColumn<std::uint32_t>& next = x.next_;
            if (head.size() > strings || next.size() > rows) bad(io.file, "corrupt snapshot (item index)");
            std::atomic<bool> ok{true};
            parallel_ranges(head.size(), [&](unsigned, std::size_t b, std::size_t e) {
                bool good = true;
                for (std::size_t i = b; i < e; ++i) good &= head[i] == ItemIndex::npos || head[i] < rows;
                if (!good) ok = false;
            });
            parallel_ranges(next.size(), [&](unsigned, std::size_t b, std::size_t e) {
                bool good = true;
                for (std::size_t r = b; r < e; ++r) good &= next[r] == ItemIndex::npos || next[r] < r;
                if (!good) ok = false;
            });
            if (!ok) bad(io.file, "corrupt snapshot (item index)");
        }
    }

    template <class IO>
    static void lines(IO& io, LineColumn& l) {
        LedgerColumn<std::uint32_t> rows = l.run_rows();
        LedgerColumn<std::int64_t> ls = l.run_lines();
        std::uint64_t n = l.size();
        io.col(rows);
        io.col(ls);
        io.pod(n);
        if constexpr (IO::reading)
            if (!l.set_runs(std::move(rows), std::move(ls), static_cast<std::size_t>(n)))
                bad(io.file, "corrupt snapshot (line numbers)");
    }

    template <class IO>
    static void currencies(IO& io, CurrencyColumn& c) {
        std::vector<Currency> table = c.table();
        LedgerColumn<std::uint8_t> index = c.index();
        io.vec(table);
        io.col(index);
        if constexpr (IO::reading) {
            for (const Currency cur : table)
                if (!Currency::find(cur.code())) bad(io.file, "corrupt snapshot (currency table)");
            if (!c.set(std::move(table), std::move(index))) bad(io.file, "corrupt snapshot (currency column)");
        }
    }

    /// A sparse column: rows, form, presence bits, values (the rank is rebuilt on open,
    /// which checks that the bits and the values agree).
    template <class IO, class T, T D>
    static void sparse(IO& io, SparseColumn<T, D>& c, const char* name) {
        std::uint64_t n = c.size();
        auto form = static_cast<std::uint8_t>(c.form());
        io.pod(n);
        io.pod(form);
        if constexpr (!IO::reading) {
            io.raw(c.bits().data(), c.bits().size() * sizeof(std::uint64_t));
            io.raw(c.values().data(), c.values().size() * sizeof(T));
        } else {
            LedgerColumn<std::uint64_t> bits;
            LedgerColumn<T> values;
            io.col(bits);
            io.col(values);
            if (const char* why = c.set_parts(static_cast<typename SparseColumn<T, D>::Form>(form),
                                              static_cast<std::size_t>(n), std::move(bits), std::move(values)))
                bad(io.file, std::string("corrupt snapshot (") + name + ": " + why + ")");
        }
    }

    /// Every part of the ledger, in one order, for both directions.
    template <class IO>
    static void transfer(IO& io, Ledger& L) {
        pool(io, L.strings_);
        CustomerTable& C = L.customers_;
        for (auto* v : {&C.entity, &C.customer_id, &C.name, &C.group_code, &C.legal_id, &C.parent_id,
                        &C.payment_center_code, &C.customer_type, &C.country, &C.language, &C.rating, &C.insurer,
                        &C.scenario_code, &C.collector, &C.sales_rep, &C.email, &C.phone, &C.address})
            io.col(*v);
        io.col(C.currency);
        io.col(C.payment_terms_days);
        io.col(C.credit_limit_currency);
        io.col(C.credit_limit);
        io.col(C.has_credit_limit);
        io.col(C.insured_amount);
        io.col(C.has_insured_amount);
        io.col(C.insurance_max_extension_days);
        io.col(C.temporary_insured_amount);
        io.col(C.has_temporary_insured);
        io.col(C.temporary_insured_from);
        io.col(C.temporary_insured_to);
        for (auto& c : C.custom) io.col(c);
        io.col(C.payer);
        io.col(C.scenario);
        io.col(C.given);
        lines(io, C.line);
        column_set(io, C.columns);

        ItemTable& I = L.items_;
        io.col(I.entity);
        io.col(I.item_id);
        io.col(I.customer);
        io.col(I.type);
        io.col(I.issue_date);
        io.col(I.due_date);
        currencies(io, I.currency);
        io.col(I.amount);
        io.col(I.open_amount);
        sparse(io, I.status, "items status");
        io.col(I.status_category);
        sparse(io, I.status_subtype, "items status subtype");
        sparse(io, I.status_date, "items status_date");
        sparse(io, I.promise_date, "items promise_date");
        sparse(io, I.comment, "items comment");
        for (auto& c : I.custom) io.col(c);
        io.col(I.given);
        lines(io, I.line);
        column_set(io, I.columns);

        AllocationTable& A = L.allocations_;
        io.col(A.item);
        io.col(A.date);
        io.col(A.amount);
        io.col(A.entity_given);
        lines(io, A.line);
        column_set(io, A.columns);
        io.col(A.offset);
        // By-item columns that view the file-order ones (allocations listed item by item)
        // are stored once.
        std::uint8_t shared = A.by_item_date.data() == A.date.data() && A.by_item_amount.data() == A.amount.data() &&
                              A.by_item_date.size() == A.date.size();
        io.pod(shared);
        if (shared) {
            LedgerColumn<std::int32_t> no_date;
            LedgerColumn<std::int64_t> no_amount;
            io.col(no_date);
            io.col(no_amount);
            if constexpr (IO::reading) {
                A.by_item_date = LedgerColumn<std::int32_t>::view(A.date.data(), A.date.size());
                A.by_item_amount = LedgerColumn<std::int64_t>::view(A.amount.data(), A.amount.size());
            }
        } else {
            io.col(A.by_item_date);
            io.col(A.by_item_amount);
        }
        std::uint8_t has_alloc = L.has_allocations_;
        io.pod(has_alloc);
        L.has_allocations_ = has_alloc != 0;

        DisputeTable& D = L.disputes_;
        for (auto* v : {&D.entity, &D.dispute_id, &D.type, &D.resolver, &D.comment, &D.item_ids_raw}) io.col(*v);
        io.col(D.customer);
        io.col(D.opened_date);
        io.col(D.closed_date);
        io.col(D.item_offset);
        io.col(D.item_rows);
        io.col(D.entity_given);
        lines(io, D.line);
        column_set(io, D.columns);

        ActionTable& T = L.actions_;
        for (auto* v : {&T.entity, &T.action_id, &T.scenario, &T.step, &T.user, &T.outcome, &T.comment, &T.item_ids_raw})
            io.col(*v);
        io.col(T.customer);
        io.col(T.date);
        io.col(T.channel);
        io.col(T.item_offset);
        io.col(T.item_rows);
        io.col(T.entity_given);
        lines(io, T.line);
        column_set(io, T.columns);

        // fx: the rows, rebuilt into timelines on open.
        std::vector<FxTable::Row> fx_rows = L.fx_.rows();
        io.vec(fx_rows);
        std::uint8_t fx_present = L.fx_.present();
        io.pod(fx_present);

        key_index(io, L.customer_index_);
        item_index(io, L.item_index_, L.strings_.size(), L.items_.size());
        strings(io, L.present_files_);
        std::vector<std::string> flat;
        if constexpr (!IO::reading) {
            for (const auto& [k, v] : L.raw_json_) flat.insert(flat.end(), {k, v});
            for (const auto& [k, v] : L.template_sources_) flat.insert(flat.end(), {k, v});
        }
        std::uint64_t n_json = L.raw_json_.size();
        io.pod(n_json);
        strings(io, flat);
        if constexpr (IO::reading) {
            if (n_json * 2 > flat.size() || flat.size() % 2 != 0) bad(io.file, "corrupt snapshot (settings)");
            for (std::size_t k = 0; k < flat.size(); k += 2) {
                if (k < n_json * 2) L.raw_json_.emplace_back(flat[k], flat[k + 1]);
                else L.template_sources_.emplace(flat[k], flat[k + 1]);
            }
            if (fx_present) L.fx_.mark_present();
            for (const auto& r : fx_rows) L.fx_.add(r);
        }
    }

    /// Lengths that must agree and references readers follow without a check.
    static void check_shapes(const Ledger& L, const std::string& file) {
        const std::size_t nc = L.customers_.size(), ni = L.items_.size(), na = L.allocations_.size();
        const auto& C = L.customers_;
        const auto& I = L.items_;
        const auto& A = L.allocations_;
        const auto& D = L.disputes_;
        const auto& T = L.actions_;
        bool ok = true;
        auto len = [&](std::size_t got, std::size_t want) { ok &= got == want; };
        for (const auto* v : {&C.entity, &C.customer_id, &C.name, &C.group_code, &C.legal_id, &C.parent_id,
                              &C.payment_center_code, &C.customer_type, &C.country, &C.language, &C.rating, &C.insurer,
                              &C.scenario_code, &C.collector, &C.sales_rep, &C.email, &C.phone, &C.address})
            len(v->size(), nc);
        len(C.currency.size(), nc);
        len(C.payment_terms_days.size(), nc);
        len(C.credit_limit_currency.size(), nc);
        len(C.credit_limit.size(), nc);
        len(C.has_credit_limit.size(), nc);
        len(C.insured_amount.size(), nc);
        len(C.has_insured_amount.size(), nc);
        len(C.insurance_max_extension_days.size(), nc);
        len(C.temporary_insured_amount.size(), nc);
        len(C.has_temporary_insured.size(), nc);
        len(C.temporary_insured_from.size(), nc);
        len(C.temporary_insured_to.size(), nc);
        len(C.payer.size(), nc);
        len(C.scenario.size(), nc);
        len(C.given.size(), nc);
        len(C.line.size(), nc);
        for (const auto& c : C.custom) ok &= c.empty() || c.size() == nc;
        for (const auto* v : {&I.entity, &I.item_id}) len(v->size(), ni);
        for (const auto* v : {&I.status, &I.status_subtype, &I.comment}) len(v->size(), ni);
        len(I.customer.size(), ni);
        len(I.type.size(), ni);
        len(I.issue_date.size(), ni);
        len(I.due_date.size(), ni);
        len(I.currency.size(), ni);
        len(I.amount.size(), ni);
        len(I.open_amount.size(), ni);
        len(I.status_category.size(), ni);
        len(I.status_date.size(), ni);
        len(I.promise_date.size(), ni);
        len(I.given.size(), ni);
        len(I.line.size(), ni);
        for (const auto& c : I.custom) ok &= c.empty() || c.size() == ni;
        len(A.date.size(), na);
        len(A.amount.size(), na);
        len(A.entity_given.size(), na);
        len(A.line.size(), na);
        len(A.by_item_date.size(), na);
        len(A.by_item_amount.size(), na);
        ok &= A.offset.empty() ? na == 0 : (A.offset.size() == ni + 1 && A.offset[0] == 0 && A.offset[ni] == na);
        for (const auto* v : {&D.entity, &D.dispute_id, &D.type, &D.resolver, &D.comment, &D.item_ids_raw})
            len(v->size(), D.size());
        len(D.customer.size(), D.size());
        len(D.opened_date.size(), D.size());
        len(D.closed_date.size(), D.size());
        len(D.entity_given.size(), D.size());
        len(D.line.size(), D.size());
        len(D.item_offset.size(), D.size() + 1);
        for (const auto* v : {&T.entity, &T.action_id, &T.scenario, &T.step, &T.user, &T.outcome, &T.comment, &T.item_ids_raw})
            len(v->size(), T.size());
        len(T.customer.size(), T.size());
        len(T.date.size(), T.size());
        len(T.channel.size(), T.size());
        len(T.entity_given.size(), T.size());
        len(T.line.size(), T.size());
        len(T.item_offset.size(), T.size() + 1);
        if (!ok) bad(file, "corrupt snapshot (column lengths disagree)");
        // Row references (cheap, on all cores): customers of items, items of allocations.
        std::atomic<bool> refs{true};
        parallel_ranges(ni, [&](unsigned, std::size_t b, std::size_t e) {
            bool good = true;
            for (std::size_t i = b; i < e; ++i) good &= I.customer[i] < nc;
            if (!good) refs = false;
        });
        parallel_ranges(na, [&](unsigned, std::size_t b, std::size_t e) {
            bool good = true;
            for (std::size_t k = b; k < e; ++k) good &= A.item[k] < ni;
            if (!good) refs = false;
        });
        if (!A.offset.empty())
            parallel_ranges(ni, [&](unsigned, std::size_t b, std::size_t e) {
                bool good = true;
                for (std::size_t i = b; i < e; ++i) good &= A.offset[i] <= A.offset[i + 1];
                if (!good) refs = false;
            });
        bool rest = true;
        for (std::size_t r = 0; r < nc; ++r) rest &= C.payer[r] < nc;
        for (const auto* t : {&D.item_offset, &T.item_offset}) {
            rest &= (*t)[0] == 0;
            for (std::size_t r = 1; r < t->size(); ++r) rest &= (*t)[r] >= (*t)[r - 1];
        }
        rest &= D.item_offset.back() == D.item_rows.size() && T.item_offset.back() == T.item_rows.size();
        for (auto i : D.item_rows) rest &= i < ni;
        for (auto i : T.item_rows) rest &= i < ni;
        if (!refs || !rest) bad(file, "corrupt snapshot (a row reference is out of range)");
    }
};

bool Ledger::is_snapshot(const std::filesystem::path& path) noexcept {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    char m[8] = {};
    const bool yes = ::read(fd, m, sizeof m) == static_cast<ssize_t>(sizeof m) && std::memcmp(m, kMagic, 8) == 0;
    ::close(fd);
    return yes;
}

void Ledger::save_snapshot(const std::filesystem::path& file) const {
    // Two passes over the columns (the header, first in the file, holds the payload's
    // size and checksum): one that only measures and hashes, one that writes. Peak
    // memory is the ledger plus one chunk, not the ledger plus the whole file.
    Ledger& self = const_cast<Ledger&>(*this); // the writer only reads
    Writer m;
    SnapshotAccess::transfer(m, self);
    Header h{};
    std::memcpy(h.magic, kMagic, sizeof kMagic);
    h.version = kVersion;
    h.header_size = sizeof(Header);
    h.checksum = m.finish();
    h.payload_size = m.size;
    h.endian = kEndian;
    write_file_atomic(file.string(), [&](const std::function<void(std::string_view)>& put) {
        put(std::string_view(reinterpret_cast<const char*>(&h), sizeof h));
        Writer w;
        w.sink = &put;
        SnapshotAccess::transfer(w, self);
        if (w.finish() != h.checksum || w.size != h.payload_size)
            throw Error(Errc::internal, file.string() + ": the ledger changed while its snapshot was written");
    });
}

Ledger Ledger::open_snapshot(const std::filesystem::path& path, const LoadOptions& options) {
    const std::string file = path.string();
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error(Errc::io, file + ": cannot open: " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw Error(Errc::io, file + ": not a regular file");
    }
    const auto size = static_cast<std::size_t>(st.st_size);
    if (size < sizeof(Header)) {
        ::close(fd);
        bad(file, "not a dsocore snapshot, or truncated (" + std::to_string(size) + " bytes, shorter than the header)");
    }
    void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    ::close(fd);
    if (map == MAP_FAILED) throw Error(Errc::io, file + ": cannot map: " + std::strerror(errno));
    // The ledger's columns view the mapping: it lives as long as the ledger.
    std::shared_ptr<const void> mapping(map, [size](const void* p) { ::munmap(const_cast<void*>(p), size); });
    const auto* bytes = static_cast<const unsigned char*>(map);
    Header h;
    std::memcpy(&h, bytes, sizeof h);
    if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0) bad(file, "not a dsocore snapshot (bad magic number)");
    if (h.endian != kEndian) bad(file, "snapshot written on a machine of another byte order");
    if (h.version != kVersion)
        bad(file, "snapshot format version " + std::to_string(h.version) + ", this dsocore reads version " +
                      std::to_string(kVersion) + ": write it again with `dsocore snapshot`");
    if (h.header_size != sizeof(Header) || h.payload_size != size - sizeof(Header))
        bad(file, "truncated or damaged snapshot (" + std::to_string(size) + " bytes, the header says " +
                      std::to_string(h.payload_size + sizeof(Header)) + ")");
    if (payload_checksum(bytes + sizeof(Header), h.payload_size) != h.checksum)
        bad(file, "corrupt snapshot (checksum mismatch): write it again with `dsocore snapshot`");
    Ledger l;
    l.mapping_ = mapping;
    Reader r{bytes + sizeof(Header), static_cast<std::size_t>(h.payload_size), 0, file};
    SnapshotAccess::transfer(r, l);
    if (r.pos != r.n) bad(file, "corrupt snapshot (unexpected bytes after the last column)");
    SnapshotAccess::check_shapes(l, file);
    DataSources settings;
    for (const auto& [k, v] : l.raw_json_) settings.emplace(k, v);
    for (const auto& [k, v] : l.template_sources_) settings.emplace(k, v);
    restore_settings(l, options, settings);
    if (l.fx_.build() >= 0) bad(file, "corrupt snapshot (fx rates)");
    for (std::size_t row = 0; row < l.customers_.size(); ++row)
        if (l.customers_.scenario[row] >= l.scenarios_.list.size()) bad(file, "corrupt snapshot (customer scenario)");
    return l;
}

DSOCORE_END_NAMESPACE
