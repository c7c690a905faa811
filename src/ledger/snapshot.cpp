// Snapshots: the loaded columnar ledger in a versioned, checksummed binary file.
//
// Layout (little-endian, the machine's own; a snapshot is a cache, not an interchange
// format):
//   header (64 bytes): magic "DSOCSNAP", format version, header size, payload size,
//   payload checksum, endianness mark;
//   payload: a sequence of blocks, each an 8-byte length then the bytes, padded to 8.
// The payload lists every column in one fixed order (transfer() below is the single
// list used both to write and to read). Strings: the pool's records and its hash table
// as they are in memory; indexes: their slot arrays. Company settings, scenarios and
// templates are kept as their source texts and parsed again on open (they are small).
// The checksum covers the whole payload (1 MiB chunks hashed in parallel, then
// combined in order): a flipped byte or a short file is an error, never garbage.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
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
constexpr std::uint32_t kVersion = 1;
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

std::uint64_t payload_checksum(const unsigned char* p, std::size_t n) {
    const std::size_t chunks = (n + kChunk - 1) / kChunk;
    std::vector<std::uint64_t> parts(chunks);
    parallel_ranges(
        chunks,
        [&](unsigned, std::size_t b, std::size_t e) {
            for (std::size_t c = b; c < e; ++c) parts[c] = chunk_hash(p + c * kChunk, std::min(kChunk, n - c * kChunk));
        },
        16);
    std::uint64_t h = 0xCBF29CE484222325ULL ^ n;
    for (auto x : parts) h = (h ^ x) * 0x100000001B3ULL + (h >> 29);
    return h;
}

[[noreturn]] void bad(const std::string& file, const std::string& why) {
    throw Error(Errc::data, file + ": " + why);
}

/// Appends blocks to a byte buffer.
struct Writer {
    std::string out;
    static constexpr bool reading = false;
    void raw(const void* p, std::size_t n) {
        const std::uint64_t len = n;
        out.append(reinterpret_cast<const char*>(&len), sizeof len);
        out.append(static_cast<const char*>(p), n);
        out.append((8 - n % 8) % 8, '\0');
    }
    template <class T>
    void vec(std::vector<T>& v) {
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

class SnapshotAccess {
public:
    template <class IO>
    static void pool(IO& io, StringPool& s) {
        // Records blob: the records in id order ([u32 length][bytes] each), as in memory.
        std::vector<char> blob;
        std::vector<std::uint64_t> table = s.table_;
        if constexpr (!IO::reading) {
            for (std::size_t id = 1; id < s.size(); ++id) {
                const std::string_view v = s[static_cast<StrId>(id)];
                const auto len = static_cast<std::uint32_t>(v.size());
                const char* l = reinterpret_cast<const char*>(&len);
                blob.insert(blob.end(), l, l + sizeof len);
                blob.insert(blob.end(), v.begin(), v.end());
            }
        }
        std::uint64_t count = s.size();
        io.pod(count);
        [[maybe_unused]] const char* blob_data = nullptr;
        [[maybe_unused]] std::size_t blob_size = 0;
        if constexpr (IO::reading) {
            const auto [d, len] = io.raw();
            blob_data = reinterpret_cast<const char*>(d);
            blob_size = len;
        } else {
            io.vec(blob);
        }
        io.vec(table);
        if constexpr (IO::reading) {
            if (table.empty() || (table.size() & (table.size() - 1)) != 0 || count == 0 || count * 2 > table.size())
                bad(io.file, "corrupt snapshot (string table)");
            StringPool p;
            p.records_.reserve(static_cast<std::size_t>(count));
            p.blocks_.clear();
            p.blocks_.push_back(std::make_unique_for_overwrite<char[]>(blob_size + 1));
            char* base = p.blocks_.back().get();
            if (blob_size) std::memcpy(base, blob_data, blob_size);
            p.block_size_ = p.block_used_ = p.block_bytes_ = blob_size + 1;
            std::size_t at = 0;
            for (std::uint64_t id = 1; id < count; ++id) {
                std::uint32_t len;
                if (blob_size - at < sizeof len) bad(io.file, "corrupt snapshot (string records)");
                std::memcpy(&len, base + at, sizeof len);
                if (len > blob_size - at - sizeof len) bad(io.file, "corrupt snapshot (string records)");
                p.records_.push_back(base + at);
                at += sizeof len + len;
            }
            if (at != blob_size) bad(io.file, "corrupt snapshot (string records)");
            for (std::uint64_t slot : table)
                if (slot != 0 && static_cast<std::uint32_t>(slot) >= count) bad(io.file, "corrupt snapshot (string table)");
            p.table_ = std::move(table);
            p.mask_ = p.table_.size() - 1;
            s = std::move(p);
        }
    }

    template <class IO>
    static void key_index(IO& io, KeyIndex& k) {
        io.vec(k.keys_);
        io.vec(k.rows_);
        std::uint64_t size = k.size_, mask = k.mask_;
        io.pod(size);
        io.pod(mask);
        if constexpr (IO::reading) {
            if (k.keys_.size() != k.rows_.size() || (!k.keys_.empty() && mask != k.keys_.size() - 1))
                bad(io.file, "corrupt snapshot (key index)");
            k.size_ = static_cast<std::size_t>(size);
            k.mask_ = static_cast<std::size_t>(mask);
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
            io.vec(*v);
        io.vec(C.currency);
        io.vec(C.payment_terms_days);
        io.vec(C.credit_limit_currency);
        io.vec(C.credit_limit);
        io.vec(C.has_credit_limit);
        io.vec(C.insured_amount);
        io.vec(C.has_insured_amount);
        io.vec(C.insurance_max_extension_days);
        io.vec(C.temporary_insured_amount);
        io.vec(C.has_temporary_insured);
        io.vec(C.temporary_insured_from);
        io.vec(C.temporary_insured_to);
        for (auto& c : C.custom) io.vec(c);
        io.vec(C.payer);
        io.vec(C.scenario);
        io.vec(C.given);
        io.vec(C.line);
        column_set(io, C.columns);

        ItemTable& I = L.items_;
        io.vec(I.entity);
        io.vec(I.item_id);
        io.vec(I.customer);
        io.vec(I.type);
        io.vec(I.issue_date);
        io.vec(I.due_date);
        io.vec(I.currency);
        io.vec(I.amount);
        io.vec(I.open_amount);
        io.vec(I.status);
        io.vec(I.status_category);
        io.vec(I.status_subtype);
        io.vec(I.status_date);
        io.vec(I.promise_date);
        io.vec(I.comment);
        for (auto& c : I.custom) io.vec(c);
        io.vec(I.given);
        io.vec(I.line);
        column_set(io, I.columns);

        AllocationTable& A = L.allocations_;
        io.vec(A.item);
        io.vec(A.date);
        io.vec(A.amount);
        io.vec(A.entity_given);
        io.vec(A.line);
        column_set(io, A.columns);
        io.vec(A.offset);
        io.vec(A.by_item_date);
        io.vec(A.by_item_amount);
        std::uint8_t has_alloc = L.has_allocations_;
        io.pod(has_alloc);
        L.has_allocations_ = has_alloc != 0;

        DisputeTable& D = L.disputes_;
        for (auto* v : {&D.entity, &D.dispute_id, &D.type, &D.resolver, &D.comment, &D.item_ids_raw}) io.vec(*v);
        io.vec(D.customer);
        io.vec(D.opened_date);
        io.vec(D.closed_date);
        io.vec(D.item_offset);
        io.vec(D.item_rows);
        io.vec(D.entity_given);
        io.vec(D.line);
        column_set(io, D.columns);

        ActionTable& T = L.actions_;
        for (auto* v : {&T.entity, &T.action_id, &T.scenario, &T.step, &T.user, &T.outcome, &T.comment, &T.item_ids_raw})
            io.vec(*v);
        io.vec(T.customer);
        io.vec(T.date);
        io.vec(T.channel);
        io.vec(T.item_offset);
        io.vec(T.item_rows);
        io.vec(T.entity_given);
        io.vec(T.line);
        column_set(io, T.columns);

        // fx: the rows, rebuilt into timelines on open.
        std::vector<FxTable::Row> fx_rows = L.fx_.rows();
        io.vec(fx_rows);
        std::uint8_t fx_present = L.fx_.present();
        io.pod(fx_present);

        key_index(io, L.customer_index_);
        key_index(io, L.item_index_);
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

    static void check_shapes(const Ledger& L, const std::string& file) {
        const std::size_t nc = L.customers_.size(), ni = L.items_.size(), na = L.allocations_.size();
        const auto& C = L.customers_;
        const auto& I = L.items_;
        const auto& A = L.allocations_;
        bool ok = C.name.size() == nc && C.line.size() == nc && C.payer.size() == nc && C.currency.size() == nc &&
                  I.customer.size() == ni && I.amount.size() == ni && I.line.size() == ni && I.currency.size() == ni &&
                  A.date.size() == na && A.amount.size() == na && A.by_item_amount.size() == na &&
                  (A.offset.empty() || A.offset.size() == ni + 1) &&
                  L.disputes_.item_offset.size() == L.disputes_.size() + 1 &&
                  L.actions_.item_offset.size() == L.actions_.size() + 1;
        for (auto c : I.customer) ok &= c < nc || c == kNoRow;
        for (auto i : A.item) ok &= i < ni;
        if (!ok) bad(file, "corrupt snapshot (column lengths disagree)");
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
    Writer w;
    w.out.reserve(1 << 20);
    w.out.assign(sizeof(Header), '\0');
    SnapshotAccess::transfer(w, const_cast<Ledger&>(*this)); // the writer only reads
    Header h{};
    std::memcpy(h.magic, kMagic, sizeof kMagic);
    h.version = kVersion;
    h.header_size = sizeof(Header);
    h.payload_size = w.out.size() - sizeof(Header);
    h.checksum = payload_checksum(reinterpret_cast<const unsigned char*>(w.out.data()) + sizeof(Header), h.payload_size);
    h.endian = kEndian;
    std::memcpy(w.out.data(), &h, sizeof h);
    write_file_atomic(file.string(), w.out);
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
    void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (map == MAP_FAILED) throw Error(Errc::io, file + ": cannot map: " + std::strerror(errno));
    struct Unmap {
        void* p;
        std::size_t n;
        ~Unmap() { ::munmap(p, n); }
    } unmap{map, size};
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
    ::madvise(map, size, MADV_SEQUENTIAL | MADV_WILLNEED);
    if (payload_checksum(bytes + sizeof(Header), h.payload_size) != h.checksum)
        bad(file, "corrupt snapshot (checksum mismatch): write it again with `dsocore snapshot`");
    Ledger l;
    Reader r{bytes + sizeof(Header), static_cast<std::size_t>(h.payload_size), 0, file};
    SnapshotAccess::transfer(r, l);
    if (r.pos != r.n) bad(file, "corrupt snapshot (unexpected bytes after the last column)");
    SnapshotAccess::check_shapes(l, file);
    DataSources settings;
    for (const auto& [k, v] : l.raw_json_) settings.emplace(k, v);
    for (const auto& [k, v] : l.template_sources_) settings.emplace(k, v);
    restore_settings(l, options, settings);
    if (l.fx_.build() >= 0) bad(file, "corrupt snapshot (fx rates)");
    return l;
}

DSOCORE_END_NAMESPACE
