// Loading and validating a data directory into the columnar ledger.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unicode/uloc.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <exception>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "dsocore/core/error.hpp"
#include "dsocore/io/csv.hpp"
#include "dsocore/ledger/ledger.hpp"
#include "csv_chunks.hpp"
#include "fast_fields.hpp"
#include "huge_array.hpp"

#ifndef DSOCORE_TEMPLATES_INSTALL_DIR
#define DSOCORE_TEMPLATES_INSTALL_DIR ""
#endif
#ifndef DSOCORE_TEMPLATES_SOURCE_DIR
#define DSOCORE_TEMPLATES_SOURCE_DIR ""
#endif

DSOCORE_BEGIN_NAMESPACE

namespace fs = std::filesystem;
using json = nlohmann::json;

// --- enums -------------------------------------------------------------------------

const char* to_string(ItemType t) noexcept {
    switch (t) {
    case ItemType::invoice: return "invoice";
    case ItemType::credit_note: return "credit_note";
    case ItemType::debit_note: return "debit_note";
    case ItemType::payment: return "payment";
    case ItemType::adjustment: return "adjustment";
    }
    return "";
}
std::optional<ItemType> parse_item_type(std::string_view s) noexcept {
    // By length first (called for every row of items.csv): one compare at most two.
    using fastfield::same;
    switch (s.size()) {
    case 7:
        if (same(s, "invoice")) return ItemType::invoice;
        if (same(s, "payment")) return ItemType::payment;
        break;
    case 10:
        if (same(s, "debit_note")) return ItemType::debit_note;
        if (same(s, "adjustment")) return ItemType::adjustment;
        break;
    case 11:
        if (same(s, "credit_note")) return ItemType::credit_note;
        break;
    default: break;
    }
    return std::nullopt;
}
const char* to_string(StatusCategory c) noexcept {
    switch (c) {
    case StatusCategory::none: return "";
    case StatusCategory::promise: return "promise";
    case StatusCategory::dispute: return "dispute";
    case StatusCategory::litigation: return "litigation";
    case StatusCategory::ignored: return "ignored";
    case StatusCategory::info: return "info";
    }
    return "";
}
std::optional<StatusCategory> parse_status_category(std::string_view s) noexcept {
    for (auto c : {StatusCategory::promise, StatusCategory::dispute, StatusCategory::litigation, StatusCategory::ignored,
                   StatusCategory::info})
        if (s == to_string(c)) return c;
    return std::nullopt;
}
const char* to_string(Channel c) noexcept {
    switch (c) {
    case Channel::email: return "email";
    case Channel::sms: return "sms";
    case Channel::letter: return "letter";
    case Channel::call: return "call";
    case Channel::task: return "task";
    }
    return "";
}
std::optional<Channel> parse_channel(std::string_view s) noexcept {
    for (auto c : {Channel::email, Channel::sms, Channel::letter, Channel::call, Channel::task})
        if (s == to_string(c)) return c;
    return std::nullopt;
}

// --- the loader ------------------------------------------------------------------

namespace {

bool valid_country(std::string_view c) {
    static const std::unordered_set<std::string> set = [] {
        std::unordered_set<std::string> s;
        for (const char* const* p = uloc_getISOCountries(); *p; ++p) s.emplace(*p);
        return s;
    }();
    return c.size() == 2 && set.count(std::string(c)) != 0;
}

bool valid_language(std::string_view tag) {
    static std::mutex m;
    static std::unordered_map<std::string, bool> cache;
    std::lock_guard<std::mutex> lock(m);
    const std::string t(tag);
    if (auto it = cache.find(t); it != cache.end()) return it->second;
    bool ok = !t.empty() && t.size() < 64 && t.find('_') == std::string::npos;
    if (ok) {
        char buf[128];
        int32_t parsed = 0;
        UErrorCode st = U_ZERO_ERROR;
        uloc_forLanguageTag(t.c_str(), buf, sizeof buf, &parsed, &st);
        ok = U_SUCCESS(st) && parsed == static_cast<int32_t>(t.size()) && buf[0] != '\0';
    }
    cache.emplace(t, ok);
    return ok;
}

bool parse_int(std::string_view s, std::int64_t& out) {
    std::int64_t v = 0;
    return parse_fixed(s, 0, v) == FixedParse::ok && (out = v, true) && s.find('.') == std::string_view::npos;
}

std::string join_names(const std::vector<std::string_view>& v) {
    std::string s;
    for (auto x : v) {
        if (!s.empty()) s += ", ";
        s += x;
    }
    return s;
}

/// Column layout of one CSV file kind.
struct FileSpec {
    const char* file;
    std::vector<std::string_view> columns; ///< canonical order
    std::vector<std::string_view> required;
    bool customs;
};

const FileSpec kCustomers{"customers.csv",
                          {"entity", "customer_id", "name", "group_code", "legal_id", "parent_id", "payment_center",
                           "customer_type", "country", "language", "currency", "payment_terms_days", "credit_limit",
                           "credit_limit_currency", "rating", "insurer", "insured_amount",
                           "insurance_max_extension_days", "temporary_insured_amount", "temporary_insured_from",
                           "temporary_insured_to", "scenario", "collector", "sales_rep", "email", "phone", "address"},
                          {"customer_id"},
                          true};
const FileSpec kItems{"items.csv",
                      {"entity", "item_id", "customer_id", "type", "issue_date", "due_date", "currency", "amount",
                       "open_amount", "status", "status_date", "promise_date", "comment"},
                      {"item_id", "customer_id", "issue_date", "amount"},
                      true};
const FileSpec kAllocations{"allocations.csv", {"entity", "item_id", "date", "amount"}, {"item_id", "date", "amount"}, false};
const FileSpec kFx{"fx.csv", {"date", "currency", "rate"}, {"date", "currency", "rate"}, false};
const FileSpec kDisputes{"disputes.csv",
                         {"entity", "dispute_id", "customer_id", "type", "opened_date", "closed_date", "resolver",
                          "item_ids", "comment"},
                         {"dispute_id", "customer_id", "opened_date"},
                         false};
const FileSpec kActions{"actions.csv",
                        {"entity", "action_id", "customer_id", "date", "channel", "scenario", "step", "item_ids",
                         "user", "outcome", "comment"},
                        {"action_id", "customer_id", "date", "channel"},
                        false};

/// A parsed header: index of each canonical column (-1 absent) and of custom_N.
struct Header {
    std::vector<int> idx;
    std::array<int, kCustomFields> custom{};
    std::size_t width = 0;
    ColumnSet present; ///< canonical order, customs last
    std::vector<std::string> names; ///< header fields as read (for messages)
};

/// Physical lines (LF, CRLF or lone CR end a line) in text[from, to).
std::int64_t count_lines(std::string_view t, std::size_t from, std::size_t to) {
    std::int64_t n = 0;
    for (std::size_t i = from; i < to; ++i)
        if (t[i] == '\n' || (t[i] == '\r' && !(i + 1 < t.size() && t[i + 1] == '\n'))) ++n;
    return n;
}

/// A template name usable as `templates/<name>.<language>.txt`: letters, digits, '_'
/// and '-' only (no path separators, no dots: nothing can point outside templates/).
bool valid_template_name(std::string_view s) {
    if (s.empty() || s.size() > 100) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return false;
    return true;
}

/// Deepest nesting of arrays/objects in a JSON text (strings skipped), and the offset
/// where `limit` was first exceeded (npos if never).
std::size_t json_depth_exceeded(std::string_view t, std::size_t limit) {
    std::size_t depth = 0;
    bool in_str = false;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const char c = t[i];
        if (in_str) {
            if (c == '\\') ++i;
            else if (c == '"') in_str = false;
        } else if (c == '"') {
            in_str = true;
        } else if (c == '[' || c == '{') {
            if (++depth > limit) return i;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return std::string_view::npos;
}


} // namespace

namespace loadsrc {

/// A data file mapped read-only (the big CSVs are parsed straight from the page cache,
/// and the parsed part is handed back to the kernel as the parse moves on).
class MappedFile {
public:
    explicit MappedFile(const std::string& path) {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) throw Error(Errc::io, path + ": cannot open: " + std::strerror(errno));
        struct stat st {};
        if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
            ::close(fd);
            throw Error(Errc::io, path + ": not a regular file");
        }
        size_ = static_cast<std::size_t>(st.st_size);
        if (size_ > 0) {
            void* m = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
            if (m == MAP_FAILED) {
                const int e = errno;
                ::close(fd);
                throw Error(Errc::io, path + ": cannot map: " + std::strerror(e));
            }
            map_ = static_cast<char*>(m);
            ::madvise(map_, size_, MADV_SEQUENTIAL);
        }
        ::close(fd);
    }
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    ~MappedFile() {
        if (map_) ::munmap(map_, size_);
    }
    std::string_view text() const noexcept { return {map_ ? map_ : "", size_}; }
    /// Nothing before `to` is needed any more (`from`: where the last call stopped).
    void release(std::size_t from, std::size_t to) noexcept {
        if (!map_) return;
        const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
        const std::size_t b = from / page * page, e = to / page * page;
        if (e > b) ::madvise(map_ + b, e - b, MADV_DONTNEED);
    }

private:
    char* map_ = nullptr;
    std::size_t size_ = 0;
};

} // namespace loadsrc

/// The text of one input file: a view of a caller's string or of a mapped file.
struct SourceText {
    std::string_view text;
    loadsrc::MappedFile* map = nullptr;
    void release(std::size_t from, std::size_t to) const noexcept {
        if (map) map->release(from, to);
    }
};

/// The input files by name ("items.csv", "templates/x.en.txt" …).
struct SourceTexts {
    std::map<std::string, SourceText> files;
    DataSources owned;                                    ///< texts read into memory
    std::vector<std::unique_ptr<loadsrc::MappedFile>> maps; ///< the mapped ones
};

namespace chunked {

/// An error found while parsing a chunk, at a line local to the chunk.
struct ChunkError {
    std::int64_t line;
    /// Order among one record's errors: errors the merger adds for a row (duplicate
    /// keys) come after those of rank 0 and before those of rank 2.
    std::uint8_t rank;
    bool append_line; ///< the message ends with the record's line and ")"
    std::string column, value, message;
};

/// What every chunk holds besides its own columns.
struct ChunkBase {
    std::size_t start = 0, limit = 0, end = 0; ///< parsed records start in [start, limit)
    std::int64_t lines = 0;                    ///< line ends in [start, end)
    std::size_t records = 0;                   ///< records (rows and malformed ones)
    std::vector<std::uint32_t> row_line;       ///< local line of each row handed to parse
    std::vector<ChunkError> errors;
    std::size_t max_errors = 0;
    void error(std::int64_t line, std::string_view column, std::string_view value, std::string message,
               std::uint8_t rank = 2, bool append_line = false) {
        // Keep one more than the file's limit: enough to know that it was passed.
        if (errors.size() > max_errors) return;
        errors.push_back({line, rank, append_line, std::string(column), std::string(value.substr(0, 200)), std::move(message)});
    }
};

/// Chunk size: big enough that the per-chunk work is negligible, small enough that
/// both cores get work and that the parsed-but-not-merged data stays small.
inline std::size_t chunk_bytes(std::size_t body, unsigned workers, std::size_t forced) {
    if (forced) return forced;
    const std::size_t per = body / (std::size_t{workers} * 8 + 1);
    return std::clamp<std::size_t>(per, std::size_t{1} << 20, std::size_t{16} << 20);
}

} // namespace chunked

class LedgerLoader {
public:
    LedgerLoader(Ledger& l, const LoadOptions& o) : L(l), opt(o) {}

    /// Loads everything from the texts of the files (views: in memory or mapped).
    void run(SourceTexts& src);
    /// For open_snapshot: company.json, scenarios.json and templates from their texts.
    void restore_settings(const DataSources& src);

private:
    Ledger& L;
    const LoadOptions& opt;
    std::vector<Diagnostic> diags;
    bool truncated = false;
    /// Item rows whose key repeats an earlier row's (not indexed), ascending.
    std::vector<std::uint32_t> duplicate_items;
    std::string file;
    std::size_t file_errors = 0;

    void begin_file(const std::string& f) {
        file = f;
        file_errors = 0;
    }
    /// An error held back while the file's rows are loaded (items.csv: the duplicate-key
    /// check runs after the rows, and its errors go in among the others by line).
    struct HeldError {
        std::int64_t line;
        std::uint8_t rank; ///< as ChunkError::rank
        std::string column, value, message;
    };
    /// When set, error() appends here (the first max_errors_per_file + 1: enough to
    /// decide truncation) instead of reporting.
    std::vector<HeldError>* held = nullptr;
    void error(std::int64_t line, std::string_view column, std::string_view value, std::string message,
               std::uint8_t rank = 2) {
        if (held) {
            if (held->size() <= opt.max_errors_per_file)
                held->push_back({line, rank, std::string(column), std::string(value.substr(0, 200)), std::move(message)});
            return;
        }
        if (file_errors++ >= opt.max_errors_per_file) {
            truncated = true;
            return;
        }
        std::string v(value.substr(0, 200));
        diags.push_back(Diagnostic{file, line, std::string(column), std::move(v), std::move(message)});
    }

    // --- CSV plumbing ---
    template <class RowFn>
    bool read_csv(std::string_view text, const FileSpec& spec, Header& h, RowFn&& on_row);
    /// read_csv for the big files: line-aligned chunks parsed on all cores by `parse`
    /// (read-only on the ledger), then merged in file order by `merge` (see load_chunked.hpp).
    template <class Chunk, class ParseFn, class MergeFn>
    bool read_csv_chunked(const SourceText& src, const FileSpec& spec, Header& h, ParseFn&& parse, MergeFn&& merge);
    bool parse_header(const std::vector<std::string_view>& f, const FileSpec& spec, Header& h, std::int64_t line);

    // --- field helpers, each reports its own error ---
    std::int32_t date_field(std::int64_t line, std::string_view col, std::string_view v, bool required);
    bool money_field(std::int64_t line, std::string_view col, std::string_view v, Currency c, std::int64_t& out);
    std::optional<Currency> currency_field(std::int64_t line, std::string_view col, std::string_view v);

    void load_company(const std::string& text);
    void load_scenarios(const std::string& text);
    void load_fx(std::string_view text);
    void load_customers(std::string_view text);
    void load_items(const SourceText& text);
    void load_allocations(const SourceText& text);
    void load_disputes(std::string_view text);
    void load_actions(std::string_view text);
    void load_templates(const std::map<std::string, std::string_view>& src);
    void load_template(const std::string& name_in_dir, std::string_view text, const std::string& shown_path,
                       std::vector<Template>& out);
    /// Resolves space-separated item ids, appending their rows to `rows` (CSR) and
    /// closing the record in `offset`.
    void item_list(std::int64_t line, std::string_view raw, StrId entity, LedgerColumn<std::uint32_t>& rows,
                   LedgerColumn<std::uint32_t>& offset);
    json parse_json(const std::string& text);
    bool check_size(std::string_view text);
    bool check_text(std::string_view text);
};

bool LedgerLoader::check_size(std::string_view text) {
    if (text.size() <= opt.max_file_bytes) return true;
    error(0, "", "", "file of " + std::to_string(text.size()) + " bytes exceeds the limit of " +
                         std::to_string(opt.max_file_bytes) + " bytes (LoadOptions::max_file_bytes)");
    return false;
}

bool LedgerLoader::check_text(std::string_view text) {
    std::size_t pos = find_invalid_text(text);
    if (pos == std::string::npos) return true;
    std::int64_t line = 1;
    std::size_t counted = 0;
    while (pos != std::string::npos && file_errors < opt.max_errors_per_file) {
        line += count_lines(text, counted, pos);
        counted = pos;
        const auto b = static_cast<unsigned char>(text[pos]);
        static const char* hex = "0123456789ABCDEF";
        const std::string shown = std::string("0x") + hex[b >> 4] + hex[b & 15];
        if (b == 0) error(line, "", shown, "NUL byte: a text file must not contain NUL characters");
        else error(line, "", shown, "invalid UTF-8 byte " + shown + ": the file must be UTF-8 (convert it, or read it "
                                    "with dsocore import and an encoding)");
        // Next line.
        const std::size_t eol = text.find_first_of("\r\n", pos);
        pos = eol == std::string::npos ? std::string::npos : find_invalid_text(text, eol);
    }
    if (pos != std::string::npos) error(line, "", "", "more invalid bytes not shown");
    return false;
}

template <class RowFn>
bool LedgerLoader::read_csv(std::string_view text, const FileSpec& spec, Header& h, RowFn&& on_row) {
    if (!check_size(text) || !check_text(text)) return false;
    CsvReader r{std::string(text)};
    std::vector<std::string_view> f;
    if (!r.next(f)) {
        error(1, "", "", "empty file: expected a header row with the columns " + join_names(spec.columns));
        return false;
    }
    if (!r.error().empty()) {
        error(r.line(), "", "", r.error());
        return false;
    }
    const std::size_t max_width = spec.columns.size() + (spec.customs ? kCustomFields : 0);
    if (f.size() > max_width) {
        // Unknown or duplicate columns for sure: say so once rather than per column.
        error(r.line(), "", "", "the header has " + std::to_string(f.size()) + " columns; " + spec.file +
                                    " has at most " + std::to_string(max_width) + " (" + join_names(spec.columns) +
                                    (spec.customs ? ", custom_1 … custom_12)" : ")"));
        return false;
    }
    if (!parse_header(f, spec, h, r.line())) return false;
    std::size_t rows = 0;
    while (r.next(f)) {
        if (++rows > opt.max_rows_per_file) {
            error(r.line(), "", "", "more than " + std::to_string(opt.max_rows_per_file) +
                                        " data rows (LoadOptions::max_rows_per_file)");
            return false;
        }
        if (!r.error().empty()) {
            error(r.line(), "", "", r.error());
            continue;
        }
        bool too_big = false;
        for (std::size_t k = 0; k < f.size(); ++k)
            if (f[k].size() > opt.max_field_bytes) {
                error(r.line(), k < h.names.size() ? std::string_view(h.names[k]) : std::string_view(), f[k].substr(0, 40),
                      "field of " + std::to_string(f[k].size()) + " bytes exceeds the limit of " +
                          std::to_string(opt.max_field_bytes) + " bytes (LoadOptions::max_field_bytes)");
                too_big = true;
            }
        if (too_big) continue;
        if (f.size() != h.width) {
            error(r.line(), "", "", "expected " + std::to_string(h.width) + " fields as in the header, found " +
                                        std::to_string(f.size()));
            continue;
        }
        on_row(r.line(), f);
    }
    return true;
}

template <class Chunk, class ParseFn, class MergeFn>
bool LedgerLoader::read_csv_chunked(const SourceText& src, const FileSpec& spec, Header& h, ParseFn&& parse,
                                    MergeFn&& merge) {
    using namespace chunked;
    const std::string_view text = src.text;
    const char* const d = text.data();
    const std::size_t n = text.size();
    if (!check_size(text)) return false;
    const unsigned workers = std::max(1u, std::thread::hardware_concurrency());

    // 1. The text check, on all cores (the sequential check_text words the errors).
    {
        const std::size_t step = std::max<std::size_t>(std::size_t{4} << 20, n / (workers * 4) + 1);
        std::vector<std::size_t> cuts{0};
        while (cuts.back() < n) cuts.push_back(csvchunk::line_start_after(d, n, cuts.back() + step - 1));
        std::atomic<std::size_t> next{0};
        std::atomic<bool> bad{false};
        auto check = [&] {
            for (std::size_t k; !bad && (k = next++) + 1 < cuts.size();) {
                if (!csvchunk::valid_text(d, cuts[k], cuts[k + 1])) bad = true;
                // Checked pages leave the process (they are read again from the page
                // cache when parsed): else the whole file is resident at once, on top
                // of the columns of the files loaded before it.
                src.release(cuts[k], cuts[k + 1]);
            }
        };
        if (cuts.size() > 2 && workers > 1) {
            std::vector<std::thread> t;
            for (unsigned w = 1; w < std::min<std::size_t>(workers, cuts.size() - 1); ++w) t.emplace_back(check);
            check();
            for (auto& x : t) x.join();
        } else {
            check();
        }
        if (bad) {
            check_text(text);
            return false;
        }
    }

    // 2. The header, as read_csv reads it.
    const std::size_t bom = n >= 3 && static_cast<unsigned char>(d[0]) == 0xEF &&
                                    static_cast<unsigned char>(d[1]) == 0xBB && static_cast<unsigned char>(d[2]) == 0xBF
                                ? 3
                                : 0;
    csvchunk::Scanner hs(d, n, bom);
    if (!hs.next(n)) {
        error(1, "", "", "empty file: expected a header row with the columns " + join_names(spec.columns));
        return false;
    }
    auto record_error_message = [](const csvchunk::Scanner& s, std::int64_t line) {
        if (s.error() == csvchunk::RecordError::unterminated)
            return "unterminated quoted field (opened on line " + std::to_string(line) + ")";
        return "unexpected character '" + std::string(1, s.bad_char()) + "' after a closing quote";
    };
    if (hs.error() != csvchunk::RecordError::none) {
        error(1 + hs.record_line(), "", "", record_error_message(hs, 1 + hs.record_line()));
        return false;
    }
    const std::vector<std::string_view>& hf = hs.fields();
    const std::size_t max_width = spec.columns.size() + (spec.customs ? kCustomFields : 0);
    if (hf.size() > max_width) {
        error(1 + hs.record_line(), "", "",
              "the header has " + std::to_string(hf.size()) + " columns; " + spec.file + " has at most " +
                  std::to_string(max_width) + " (" + join_names(spec.columns) +
                  (spec.customs ? ", custom_1 … custom_12)" : ")"));
        return false;
    }
    if (!parse_header(hf, spec, h, 1 + hs.record_line())) return false;
    const std::size_t body = hs.pos();
    const std::int64_t body_line = 1 + hs.lines(); // line of the first byte after the header

    // 3. Line-aligned chunks.
    const std::size_t step = chunk_bytes(n - body, workers, opt.parse_chunk_bytes);
    std::vector<Chunk> chunks;
    for (std::size_t b = body; b < n;) {
        const std::size_t e = csvchunk::line_start_after(d, n, b + step - 1);
        chunks.emplace_back();
        chunks.back().start = b;
        chunks.back().limit = e;
        chunks.back().max_errors = opt.max_errors_per_file;
        b = e;
    }
    auto scan = [&](Chunk& c, std::size_t from) {
        csvchunk::Scanner s(d, n, from);
        c.start = from;
        while (s.next(c.limit)) {
            ++c.records;
            const std::int64_t local = s.record_line();
            if (s.error() != csvchunk::RecordError::none) {
                c.error(local, "", "", s.error() == csvchunk::RecordError::unterminated
                                           ? std::string("unterminated quoted field (opened on line ")
                                           : record_error_message(s, 0),
                        2, s.error() == csvchunk::RecordError::unterminated);
                continue;
            }
            const std::vector<std::string_view>& f = s.fields();
            bool too_big = false;
            // A field is never longer than its record's text (unescaping only shortens).
            if (s.pos() - s.record_start() > opt.max_field_bytes) {
                for (std::size_t k = 0; k < f.size(); ++k)
                    if (f[k].size() > opt.max_field_bytes) {
                        c.error(local, k < h.names.size() ? std::string_view(h.names[k]) : std::string_view(),
                                f[k].substr(0, 40),
                                "field of " + std::to_string(f[k].size()) + " bytes exceeds the limit of " +
                                    std::to_string(opt.max_field_bytes) + " bytes (LoadOptions::max_field_bytes)");
                        too_big = true;
                    }
            }
            if (too_big) continue;
            if (f.size() != h.width) {
                c.error(local, "", "", "expected " + std::to_string(h.width) + " fields as in the header, found " +
                                           std::to_string(f.size()));
                continue;
            }
            c.row_line.push_back(static_cast<std::uint32_t>(local));
            parse(c, local, f, s);
        }
        c.end = s.pos();
        c.lines = s.lines();
    };

    // 4. Parse on `workers` threads, at most `ahead` chunks before the merge; merge in
    // file order on this thread. A chunk that did not start where its predecessor's
    // last record ended (a quoted field with line breaks across the cut) is parsed
    // again from there.
    std::mutex m;
    std::condition_variable cv;
    std::vector<std::uint8_t> ready(chunks.size(), 0);
    std::size_t next = 0, merged = 0;
    bool stop = false;
    std::exception_ptr failure;
    const std::size_t ahead = std::size_t{workers} * 2 + 1;
    auto work = [&] {
        for (;;) {
            std::size_t i;
            {
                std::unique_lock<std::mutex> lk(m);
                cv.wait(lk, [&] { return stop || next >= chunks.size() || next < merged + ahead; });
                if (stop || next >= chunks.size()) return;
                i = next++;
            }
            try {
                scan(chunks[i], chunks[i].start);
            } catch (...) {
                std::lock_guard<std::mutex> lk(m);
                if (!failure) failure = std::current_exception();
                stop = true;
            }
            {
                std::lock_guard<std::mutex> lk(m);
                ready[i] = 1;
            }
            cv.notify_all();
        }
    };
    std::vector<std::thread> threads;
    if (chunks.size() > 1)
        for (unsigned w = 0; w < std::min<std::size_t>(workers, chunks.size()); ++w) threads.emplace_back(work);
    auto finish_threads = [&] {
        {
            std::lock_guard<std::mutex> lk(m);
            stop = true;
        }
        cv.notify_all();
        for (auto& t : threads) t.join();
        threads.clear();
    };

    std::size_t prev_end = body, records = 0, released = 0;
    std::int64_t base = body_line;
    bool limit_hit = false;
    try {
        for (std::size_t i = 0; i < chunks.size(); ++i) {
            Chunk& c = chunks[i];
            if (threads.empty()) {
                scan(c, c.start);
            } else {
                std::unique_lock<std::mutex> lk(m);
                cv.wait(lk, [&] { return ready[i] != 0 || failure; });
                if (failure) std::rethrow_exception(failure);
            }
            if (c.start != prev_end) {
                const std::size_t limit = c.limit;
                c = Chunk();
                c.limit = limit;
                c.max_errors = opt.max_errors_per_file;
                scan(c, prev_end);
            }
            std::int64_t over_line = -1;
            if (records + c.records > opt.max_rows_per_file) {
                // Keep the records allowed, then report the next one (as read_csv does).
                const std::size_t allowed = opt.max_rows_per_file - records;
                csvchunk::Scanner s(d, n, c.start);
                std::size_t k = 0, cut = c.start;
                while (s.next(c.limit)) {
                    if (k++ == allowed) {
                        over_line = base + s.record_line();
                        break;
                    }
                    cut = s.pos();
                }
                const std::size_t start = c.start;
                c = Chunk();
                c.limit = cut;
                c.max_errors = opt.max_errors_per_file;
                scan(c, start);
            }
            records += c.records;
            // Chunk errors go out in line order, interleaved with the merger's.
            std::size_t ei = 0;
            auto emit_upto = [&](std::int64_t upto_line, std::uint8_t upto_rank) {
                while (ei < c.errors.size() && (c.errors[ei].line < upto_line ||
                                                (c.errors[ei].line == upto_line && c.errors[ei].rank <= upto_rank))) {
                    ChunkError& x = c.errors[ei++];
                    if (x.append_line) x.message += std::to_string(base + x.line) + ")";
                    error(base + x.line, x.column, x.value, std::move(x.message), x.rank);
                }
            };
            merge(c, base, emit_upto);
            emit_upto(INT64_MAX, 255);
            if (over_line >= 0) {
                error(over_line, "", "", "more than " + std::to_string(opt.max_rows_per_file) +
                                             " data rows (LoadOptions::max_rows_per_file)");
                limit_hit = true;
                break;
            }
            prev_end = c.end;
            base += c.lines;
            src.release(released, c.end);
            released = c.end;
            c = Chunk();
            {
                std::lock_guard<std::mutex> lk(m);
                merged = i + 1;
            }
            cv.notify_all();
        }
    } catch (...) {
        finish_threads();
        throw;
    }
    finish_threads();
    src.release(released, n);
    return !limit_hit;
}

bool LedgerLoader::parse_header(const std::vector<std::string_view>& f, const FileSpec& spec, Header& h,
                                std::int64_t line) {
    h.idx.assign(spec.columns.size(), -1);
    h.custom.fill(-1);
    h.width = f.size();
    h.names.assign(f.begin(), f.end());
    bool ok = true;
    for (std::size_t i = 0; i < f.size(); ++i) {
        const std::string_view name = f[i];
        int* slot = nullptr;
        for (std::size_t c = 0; c < spec.columns.size(); ++c)
            if (spec.columns[c] == name) slot = &h.idx[c];
        if (!slot && spec.customs && name.size() > 7 && name.substr(0, 7) == "custom_") {
            std::int64_t k = 0;
            if (parse_int(name.substr(7), k) && k >= 1 && k <= kCustomFields && name[7] != '0' && name[7] != '+')
                slot = &h.custom[static_cast<std::size_t>(k - 1)];
        }
        if (!slot) {
            error(line, name, name,
                  "unknown column; expected one of " + join_names(spec.columns) + (spec.customs ? ", custom_1 … custom_12" : ""));
            ok = false;
        } else if (*slot >= 0) {
            error(line, name, name, "duplicate column");
            ok = false;
        } else {
            *slot = static_cast<int>(i);
        }
    }
    for (auto req : spec.required) {
        for (std::size_t c = 0; c < spec.columns.size(); ++c)
            if (spec.columns[c] == req && h.idx[c] < 0) {
                error(line, req, "", "required column is missing");
                ok = false;
            }
    }
    for (std::size_t c = 0; c < spec.columns.size(); ++c)
        if (h.idx[c] >= 0) h.present.emplace_back(spec.columns[c]);
    for (int k = 0; k < kCustomFields; ++k)
        if (h.custom[static_cast<std::size_t>(k)] >= 0) h.present.push_back("custom_" + std::to_string(k + 1));
    return ok;
}

std::int32_t LedgerLoader::date_field(std::int64_t line, std::string_view col, std::string_view v, bool required) {
    if (v.empty()) {
        if (required) error(line, col, v, "a date is required (YYYY-MM-DD)");
        return kNoDate;
    }
    if (auto d = Date::parse(v)) return d->days();
    error(line, col, v, "expected a date YYYY-MM-DD (a real calendar day between 1400 and 9999)");
    return kNoDate;
}

bool LedgerLoader::money_field(std::int64_t line, std::string_view col, std::string_view v, Currency c,
                               std::int64_t& out) {
    switch (parse_fixed(v, c.minor_units(), out)) {
    case FixedParse::ok: return true;
    case FixedParse::syntax:
        error(line, col, v, "expected a decimal number like 1234.50 (optional sign, '.' decimal point, no exponent or thousands separator)");
        return false;
    case FixedParse::too_precise:
        error(line, col, v, "more decimals than " + c.code() + " allows (" + std::to_string(c.minor_units()) + ")");
        return false;
    case FixedParse::overflow:
        error(line, col, v, "amount too large (must fit 64-bit minor units)");
        return false;
    }
    return false;
}

std::optional<Currency> LedgerLoader::currency_field(std::int64_t line, std::string_view col, std::string_view v) {
    if (auto c = Currency::find(v)) return c;
    error(line, col, v, "expected an ISO 4217 currency code (e.g. EUR, USD, JPY)");
    return std::nullopt;
}

json LedgerLoader::parse_json(const std::string& text) {
    if (!check_size(text)) return json();
    if (const std::size_t at = json_depth_exceeded(text, opt.max_json_depth); at != std::string::npos) {
        error(1 + count_lines(text, 0, at), "", "", "JSON nested deeper than " + std::to_string(opt.max_json_depth) +
                                                     " levels (LoadOptions::max_json_depth)");
        return json();
    }
    try {
        return json::parse(text);
    } catch (const json::parse_error& e) {
        std::int64_t line = 1, col = 1;
        for (std::size_t i = 0; i < e.byte && i < text.size(); ++i) {
            if (text[i] == '\n') {
                ++line;
                col = 1;
            } else {
                ++col;
            }
        }
        error(line, "", "", "invalid JSON at column " + std::to_string(col) + ": " + e.what());
        return json();
    } catch (const json::exception& e) { // e.g. a number too large for a double
        error(1, "", "", std::string("invalid JSON: ") + e.what());
        return json();
    }
}

namespace {
/// A decimal given in JSON as a string ("0.5") or an integer.
std::optional<Decimal> json_decimal(const json& v) {
    if (v.is_string()) return Decimal::try_parse(v.get<std::string>());
    // An unsigned above INT64_MAX must not wrap through get<int64_t>.
    if (v.is_number_unsigned()) return Decimal::try_parse(std::to_string(v.get<std::uint64_t>()));
    if (v.is_number_integer()) return Decimal(v.get<std::int64_t>());
    return std::nullopt;
}
/// A string member, or the JSON text of a non-string one (so that the caller's check
/// reports it), or the fallback when absent. Never throws on a wrong type.
std::string json_text(const json& obj, const char* key, const std::string& fallback) {
    const auto it = obj.find(key);
    if (it == obj.end()) return fallback;
    return it->is_string() ? it->get<std::string>() : it->dump();
}
std::optional<int> json_int(const json& v) {
    if (v.is_number_unsigned()) {
        const auto x = v.get<std::uint64_t>();
        if (x <= 1000000) return static_cast<int>(x);
        return std::nullopt;
    }
    if (v.is_number_integer()) {
        const auto x = v.get<std::int64_t>();
        if (x >= -1000000 && x <= 1000000) return static_cast<int>(x);
    }
    return std::nullopt;
}
} // namespace

void LedgerLoader::load_company(const std::string& text) {
    begin_file("company.json");
    const json j = parse_json(text);
    if (j.is_null()) return;
    if (!j.is_object()) {
        error(1, "", "", "expected a JSON object");
        return;
    }
    CompanySettings& c = L.company_;
    c.from_file = true;
    auto str = [&](const char* key, std::string& out) {
        if (auto it = j.find(key); it != j.end()) {
            if (it->is_string()) out = it->get<std::string>();
            else error(0, key, it->dump(), "expected a string");
        }
    };
    for (auto it = j.begin(); it != j.end(); ++it) {
        static const std::set<std::string> known = {"name", "address", "iban", "bic", "base_currency", "locale",
                                                    "penalty", "aging_buckets", "payer_profiles",
                                                    "fiscal_year_end_month"};
        if (!known.count(it.key()))
            error(0, it.key(), "", "unknown key; expected one of name, address, iban, bic, base_currency, locale, "
                                   "penalty, aging_buckets, payer_profiles, fiscal_year_end_month");
    }
    str("name", c.name);
    str("address", c.address);
    str("iban", c.iban);
    str("bic", c.bic);
    str("locale", c.locale);
    if (auto it = j.find("base_currency"); it != j.end()) {
        if (it->is_string()) {
            if (auto cur = currency_field(0, "base_currency", it->get<std::string>())) c.base_currency = *cur;
        } else {
            error(0, "base_currency", it->dump(), "expected an ISO 4217 code as a string");
        }
    }
    if (auto it = j.find("fiscal_year_end_month"); it != j.end()) {
        auto m = json_int(*it);
        if (m && *m >= 1 && *m <= 12) c.fiscal_year_end_month = *m;
        else error(0, "fiscal_year_end_month", it->dump(), "expected an integer month 1..12");
    }
    if (auto it = j.find("aging_buckets"); it != j.end()) {
        std::vector<int> b;
        bool ok = it->is_array() && !it->empty();
        if (ok)
            for (const auto& x : *it) {
                auto v = json_int(x);
                if (!v || *v <= 0 || (!b.empty() && *v <= b.back())) ok = false;
                else b.push_back(*v);
            }
        if (ok) c.aging_buckets = b;
        else error(0, "aging_buckets", it->dump(), "expected ascending positive integers, e.g. [30, 60, 90]");
    }
    c.payer_profiles = CompanySettings::default_payer_profiles();
    if (auto it = j.find("payer_profiles"); it != j.end()) {
        std::vector<PayerProfile> p;
        bool ok = it->is_array() && !it->empty();
        if (ok)
            for (const auto& x : *it) {
                if (!x.is_array() || x.size() != 2 || !x[0].is_string()) {
                    ok = false;
                    break;
                }
                PayerProfile pp{x[0].get<std::string>(), std::nullopt};
                if (!x[1].is_null()) {
                    pp.max_days_late = json_decimal(x[1]);
                    if (!pp.max_days_late) ok = false;
                }
                p.push_back(pp);
            }
        if (ok) c.payer_profiles = p;
        else error(0, "payer_profiles", it->dump(), "expected [[\"name\", max_days_late or null], …]");
    }
    if (auto it = j.find("penalty"); it != j.end()) {
        const json& p = *it;
        PenaltySettings& ps = c.penalty;
        if (!p.is_object()) {
            error(0, "penalty", p.dump(), "expected an object {\"rule\": …}");
            return;
        }
        for (auto k = p.begin(); k != p.end(); ++k) {
            static const std::set<std::string> known = {"rule", "reference_rates", "rate", "fee", "fee_currency",
                                                        "day_count", "rate_mode"};
            if (!known.count(k.key()))
                error(0, "penalty." + k.key(), "", "unknown key; expected rule, reference_rates, rate, fee, fee_currency, day_count, rate_mode");
        }
        const std::string rule = json_text(p, "rule", "");
        static const std::set<std::string> rules = {"FR", "EU", "DE", "UK", "custom"};
        if (!rules.count(rule)) error(0, "penalty.rule", rule, "expected FR, EU, DE, UK or custom");
        ps.rule = rule;
        if (auto r = p.find("reference_rates"); r != p.end()) {
            bool ok = r->is_array();
            if (ok)
                for (const auto& x : *r) {
                    if (!x.is_array() || x.size() != 2 || !x[0].is_string()) {
                        ok = false;
                        break;
                    }
                    auto d = Date::parse(x[0].get<std::string>());
                    auto v = json_decimal(x[1]);
                    if (!d || !v || (!ps.reference_rates.empty() && *d <= ps.reference_rates.back().first)) {
                        ok = false;
                        break;
                    }
                    ps.reference_rates.emplace_back(*d, *v);
                }
            if (!ok) error(0, "penalty.reference_rates", r->dump(), "expected [[\"YYYY-MM-DD\", \"rate\"], …] ascending by date");
        }
        auto dec = [&](const char* key, Decimal& out) {
            if (auto r = p.find(key); r != p.end()) {
                if (auto v = json_decimal(*r)) out = *v;
                else error(0, std::string("penalty.") + key, r->dump(), "expected a decimal as a string, e.g. \"12\"");
            }
        };
        dec("rate", ps.rate);
        dec("fee", ps.fee);
        if (auto r = p.find("fee_currency"); r != p.end()) {
            if (r->is_string()) ps.fee_currency = currency_field(0, "penalty.fee_currency", r->get<std::string>());
            else error(0, "penalty.fee_currency", r->dump(), "expected an ISO 4217 code");
        }
        if (auto r = p.find("day_count"); r != p.end()) {
            const std::string v = r->is_string() ? r->get<std::string>() : r->dump();
            if (v == "365" || v == "360") ps.day_count = v == "365" ? 365 : 360;
            else error(0, "penalty.day_count", v, "expected \"365\" or \"360\"");
        }
        if (auto r = p.find("rate_mode"); r != p.end()) {
            const std::string v = r->is_string() ? r->get<std::string>() : r->dump();
            if (v == "fixed" || v == "follow") ps.follow = v == "follow";
            else error(0, "penalty.rate_mode", v, "expected \"fixed\" or \"follow\"");
        }
    }
}

void LedgerLoader::load_scenarios(const std::string& text) {
    begin_file("scenarios.json");
    const json j = parse_json(text);
    if (j.is_null()) return;
    Scenarios out;
    out.from_file = true;
    const auto list = j.is_object() ? j.find("scenarios") : j.end();
    if (!j.is_object() || list == j.end() || !list->is_array() || list->empty()) {
        error(1, "scenarios", "", "expected {\"scenarios\": [ … at least one scenario … ], \"default\": id}");
        return;
    }
    for (std::size_t si = 0; si < list->size(); ++si) {
        const json& s = (*list)[si];
        const std::string at = "scenarios[" + std::to_string(si) + "]";
        if (!s.is_object()) {
            error(0, at, s.dump(), "expected an object");
            continue;
        }
        Scenario sc;
        if (!s.contains("id") || !s["id"].is_string() || s["id"].get<std::string>().empty()) {
            error(0, at + ".id", "", "a scenario needs a non-empty string id");
            continue;
        }
        sc.id = s["id"].get<std::string>();
        if (out.find(sc.id) != Scenarios::npos) error(0, at + ".id", sc.id, "duplicate scenario id");
        sc.name = json_text(s, "name", sc.id);
        auto int_key = [&](const char* key, int& v, int lo) {
            if (auto it = s.find(key); it != s.end()) {
                auto x = json_int(*it);
                if (x && *x >= lo) v = *x;
                else error(0, at + "." + key, it->dump(), "expected an integer ≥ " + std::to_string(lo));
            }
        };
        int_key("min_gap_days", sc.min_gap_days, 0);
        int_key("old_item_days", sc.old_item_days, 0);
        if (auto it = s.find("anchor"); it != s.end()) {
            const std::string a = it->is_string() ? it->get<std::string>() : it->dump();
            if (a == "due_date") sc.anchor = Anchor::due_date;
            else if (a == "last_action") sc.anchor = Anchor::last_action;
            else if (a == "leader") sc.anchor = Anchor::leader;
            else error(0, at + ".anchor", a, "expected due_date, last_action or leader");
        }
        if (auto it = s.find("min_amount"); it != s.end()) {
            if (auto d = json_decimal(*it)) sc.min_amount = *d;
            else error(0, at + ".min_amount", it->dump(), "expected a decimal string such as \"100\"");
        }
        const auto steps = s.find("steps");
        if (steps == s.end() || !steps->is_array() || steps->empty()) {
            error(0, at + ".steps", "", "expected a non-empty array of steps");
            continue;
        }
        for (std::size_t k = 0; k < steps->size(); ++k) {
            const json& st = (*steps)[k];
            const std::string sat = at + ".steps[" + std::to_string(k) + "]";
            ScenarioStep step;
            if (!st.is_object() || !st.contains("id") || !st["id"].is_string()) {
                error(0, sat, st.dump(), "a step needs a string id");
                continue;
            }
            step.id = st["id"].get<std::string>();
            for (const auto& prev : sc.steps)
                if (prev.id == step.id) error(0, sat + ".id", step.id, "duplicate step id in scenario " + sc.id);
            auto off = st.contains("offset_days") ? json_int(st["offset_days"]) : std::nullopt;
            if (!off) error(0, sat + ".offset_days", st.contains("offset_days") ? st["offset_days"].dump() : "", "expected an integer number of days");
            else step.offset_days = *off;
            const std::string ch = json_text(st, "channel", "");
            if (auto c = parse_channel(ch)) step.channel = *c;
            else error(0, sat + ".channel", ch, "expected email, sms, letter, call or task");
            const std::string mode = json_text(st, "mode", "auto");
            if (mode == "auto") step.mode = StepMode::automatic;
            else if (mode == "confirm") step.mode = StepMode::confirm;
            else if (mode == "manual") step.mode = StepMode::manual;
            else error(0, sat + ".mode", mode, "expected auto, confirm or manual");
            if (auto t = st.find("template"); t != st.end()) {
                if (t->is_string()) {
                    step.template_name = t->get<std::string>();
                    if (!valid_template_name(step.template_name))
                        error(0, sat + ".template", step.template_name,
                              "expected a template name of letters, digits, '_' and '-' (it names templates/<name>.<language>.txt)");
                } else if (!t->is_null()) {
                    error(0, sat + ".template", t->dump(), "expected a template name");
                }
            }
            sc.steps.push_back(step);
        }
        out.list.push_back(std::move(sc));
    }
    if (auto d = j.find("default"); d != j.end()) {
        const std::string id = d->is_string() ? d->get<std::string>() : d->dump();
        const std::size_t k = out.find(id);
        if (k == Scenarios::npos) error(0, "default", id, "no scenario has this id");
        else out.default_index = k;
    }
    L.scenarios_ = std::move(out);
}

void LedgerLoader::load_fx(std::string_view text) {
    begin_file("fx.csv");
    Header h;
    FxTable& fx = L.fx_;
    fx.mark_present();
    read_csv(text, kFx, h, [&](std::int64_t line, const std::vector<std::string_view>& f) {
        const std::int32_t d = date_field(line, "date", f[static_cast<std::size_t>(h.idx[0])], true);
        const auto cur = currency_field(line, "currency", f[static_cast<std::size_t>(h.idx[1])]);
        const std::string_view rv = f[static_cast<std::size_t>(h.idx[2])];
        std::int64_t rate = 0;
        const FixedParse p = parse_fixed(rv, kRateScale, rate);
        if (p == FixedParse::too_precise) error(line, "rate", rv, "at most 10 decimals");
        else if (p != FixedParse::ok) error(line, "rate", rv, "expected a positive decimal rate like 1.0842");
        else if (rate <= 0) error(line, "rate", rv, "a rate must be positive");
        if (d == kNoDate || !cur || p != FixedParse::ok || rate <= 0) return;
        if (*cur == fx.base() && rate != pow10_i64(kRateScale)) {
            error(line, "currency", rv, "the base currency " + cur->code() + " has rate 1");
            return;
        }
        fx.add({d, *cur, 0, rate, line});
    });
    const std::ptrdiff_t dup = fx.build();
    if (dup >= 0) {
        const auto& r = fx.rows()[static_cast<std::size_t>(dup)];
        error(r.line, "date", Date::from_days(r.date).to_string(), "duplicate rate for " + r.currency.code() + " on this date");
    }
    L.fx_.rows(); // keep
}

void LedgerLoader::load_customers(std::string_view text) {
    begin_file("customers.csv");
    Header h;
    CustomerTable& C = L.customers_;
    StringPool& S = L.strings_;
    const StrId main = S.intern("MAIN");
    const Currency base = L.company_.base_currency;
    const bool ok = read_csv(text, kCustomers, h, [&](std::int64_t line, const std::vector<std::string_view>& f) {
        auto get = [&](std::size_t col) -> std::string_view {
            const int k = h.idx[col];
            return k < 0 ? std::string_view() : f[static_cast<std::size_t>(k)];
        };
        const auto row = static_cast<std::uint32_t>(C.size());
        std::uint8_t given = 0;
        const std::string_view ent = get(0);
        const StrId entity = ent.empty() ? main : S.intern(ent);
        if (!ent.empty()) given |= CustomerTable::g_entity;
        const std::string_view id = get(1);
        if (id.empty()) error(line, "customer_id", id, "a customer_id is required");
        const StrId cid = S.intern(id);
        if (!id.empty()) {
            const std::uint32_t prev = L.customer_index_.insert(pair_key(entity, cid), row);
            if (prev != row)
                error(line, "customer_id", id, "duplicate customer (first on line " + std::to_string(C.line[prev]) + ")");
        }
        C.entity.push_back(entity);
        C.customer_id.push_back(cid);
        C.name.push_back(S.intern(get(2)));
        C.group_code.push_back(S.intern(get(3)));
        C.legal_id.push_back(S.intern(get(4)));
        C.parent_id.push_back(S.intern(get(5)));
        C.payment_center_code.push_back(S.intern(get(6)));
        C.customer_type.push_back(S.intern(get(7)));
        const std::string_view country = get(8);
        if (!country.empty() && !valid_country(country))
            error(line, "country", country, "expected an ISO 3166-1 alpha-2 country code (FR, DE, US …)");
        C.country.push_back(S.intern(country));
        std::string_view lang = get(9);
        if (!lang.empty()) {
            given |= CustomerTable::g_language;
            if (!valid_language(lang)) error(line, "language", lang, "expected a BCP 47 language tag (fr, en, pt-BR, zh-Hans …)");
        } else {
            lang = "en";
        }
        C.language.push_back(S.intern(lang));
        Currency cur = base;
        if (!get(10).empty()) {
            given |= CustomerTable::g_currency;
            if (auto c = currency_field(line, "currency", get(10))) cur = *c;
        }
        C.currency.push_back(cur);
        std::int64_t terms = 30;
        if (!get(11).empty()) {
            given |= CustomerTable::g_terms;
            if (!parse_int(get(11), terms) || terms < 0 || terms > 3650) {
                error(line, "payment_terms_days", get(11), "expected a whole number of days 0..3650");
                terms = 30;
            }
        }
        C.payment_terms_days.push_back(static_cast<std::int32_t>(terms));
        Currency lcur = cur;
        if (!get(13).empty()) {
            given |= CustomerTable::g_limit_currency;
            if (auto c = currency_field(line, "credit_limit_currency", get(13))) lcur = *c;
        }
        C.credit_limit_currency.push_back(lcur);
        std::int64_t limit = 0;
        bool has_limit = false;
        if (!get(12).empty() && money_field(line, "credit_limit", get(12), lcur, limit)) {
            has_limit = true;
            if (limit < 0) error(line, "credit_limit", get(12), "a credit limit cannot be negative");
        }
        C.credit_limit.push_back(limit);
        C.has_credit_limit.push_back(has_limit);
        C.rating.push_back(S.intern(get(14)));
        C.insurer.push_back(S.intern(get(15)));
        std::int64_t insured = 0;
        bool has_insured = false;
        if (!get(16).empty() && money_field(line, "insured_amount", get(16), cur, insured)) {
            has_insured = true;
            if (insured < 0) error(line, "insured_amount", get(16), "an insured amount cannot be negative");
        }
        C.insured_amount.push_back(insured);
        C.has_insured_amount.push_back(has_insured);
        std::int64_t ext = -1;
        if (!get(17).empty() && (!parse_int(get(17), ext) || ext < 0 || ext > 3650)) {
            error(line, "insurance_max_extension_days", get(17), "expected a whole number of days 0..3650");
            ext = -1;
        }
        C.insurance_max_extension_days.push_back(static_cast<std::int32_t>(ext));
        std::int64_t tmp = 0;
        const bool has_tmp = !get(18).empty() && money_field(line, "temporary_insured_amount", get(18), cur, tmp);
        const std::int32_t tf = date_field(line, "temporary_insured_from", get(19), false);
        const std::int32_t tt = date_field(line, "temporary_insured_to", get(20), false);
        if (has_tmp && (tf == kNoDate || tt == kNoDate))
            error(line, "temporary_insured_amount", get(18), "a temporary guarantee needs temporary_insured_from and temporary_insured_to");
        if (tf != kNoDate && tt != kNoDate && tt < tf)
            error(line, "temporary_insured_to", get(20), "must not be before temporary_insured_from");
        C.temporary_insured_amount.push_back(tmp);
        C.has_temporary_insured.push_back(has_tmp);
        C.temporary_insured_from.push_back(tf);
        C.temporary_insured_to.push_back(tt);
        const std::string_view scen = get(21);
        std::uint32_t sidx = static_cast<std::uint32_t>(L.scenarios_.default_index);
        if (!scen.empty()) {
            given |= CustomerTable::g_scenario;
            const std::size_t k = L.scenarios_.find(scen);
            if (k == Scenarios::npos) {
                std::vector<std::string_view> ids;
                for (const auto& s : L.scenarios_.list) ids.push_back(s.id);
                error(line, "scenario", scen, "unknown scenario; expected one of " + join_names(ids));
            } else {
                sidx = static_cast<std::uint32_t>(k);
            }
        }
        C.scenario_code.push_back(S.intern(scen));
        C.scenario.push_back(sidx);
        C.collector.push_back(S.intern(get(22)));
        C.sales_rep.push_back(S.intern(get(23)));
        C.email.push_back(S.intern(get(24)));
        C.phone.push_back(S.intern(get(25)));
        C.address.push_back(S.intern(get(26)));
        for (int k = 0; k < kCustomFields; ++k) {
            const int col = h.custom[static_cast<std::size_t>(k)];
            if (col >= 0) C.custom[static_cast<std::size_t>(k)].push_back(S.intern(f[static_cast<std::size_t>(col)]));
        }
        C.given.push_back(given);
        C.line.push_back(line);
    });
    if (!ok) return;
    C.columns = h.present;
    // Payment centers: a customer of the same entity.
    C.payer.resize(C.size());
    for (std::uint32_t r = 0; r < C.size(); ++r) {
        C.payer[r] = r;
        if (C.payment_center_code[r] == 0) continue;
        const std::uint32_t p = L.customer_index_.find(pair_key(C.entity[r], C.payment_center_code[r]));
        if (p == KeyIndex::npos)
            error(C.line[r], "payment_center", S[C.payment_center_code[r]],
                  "no customer with this id in entity " + std::string(S[C.entity[r]]));
        else
            C.payer[r] = p;
    }
}

void LedgerLoader::load_items(const SourceText& src) {
    begin_file("items.csv");
    Header h;
    ItemTable& I = L.items_;
    const CustomerTable& C = L.customers_;
    StringPool& S = L.strings_;
    const StrId main = S.intern("MAIN");
    const std::string_view text = src.text;
    // Reservation from the file size: rows are rarely under 64 bytes (capacity never
    // touched costs address space, not memory; a regrowth would copy every column).
    const std::size_t guess = std::min(text.size() / 64 + 16, opt.max_rows_per_file + 16);
    I.entity.reserve(guess); I.item_id.reserve(guess); I.customer.reserve(guess); I.type.reserve(guess);
    I.issue_date.reserve(guess); I.due_date.reserve(guess); I.currency.reserve(guess); I.amount.reserve(guess);
    I.open_amount.reserve(guess); I.status.reserve(guess); I.status_category.reserve(guess);
    I.status_subtype.reserve(guess); I.status_date.reserve(guess); I.promise_date.reserve(guess);
    I.comment.reserve(guess); I.given.reserve(guess); I.line.reserve(guess);
    // One record per row (the item id), sized like the columns: a regrowth of the record
    // vector past 10M would hold the old and the new copy at once.
    S.reserve(S.size() + guess + 1024);
    std::vector<std::uint32_t> id_hashes; ///< StringPool::hash of each row's item_id
    id_hashes.reserve(guess);

    // Customers by (entity, customer_id) in a table of their own, the key inline in the
    // slot (ids up to 19 bytes): one cache line per lookup, where the pool's table (all
    // item ids) and the string records cost three or four misses. Same answers as
    // customer_index_: the first row of a key, empty ids absent.
    // The slot also holds what an item reads of its customer (payment terms, account
    // currency as an index into `slot_currency`): one cache miss per row, not three.
    struct CustomerSlot {
        std::uint32_t hash = 0, row1 = 0, entity = 0; // row1 = row + 1, 0 = empty
        std::int32_t terms = 0;
        std::uint8_t len = 0;                          // 255: key longer than inline
        std::uint8_t currency = 0;                     // 255: read C.currency[row]
        char key[14] = {};
    };
    static_assert(sizeof(CustomerSlot) == 32);
    ZeroedHugeArray<CustomerSlot> cslots;
    std::vector<Currency> slot_currency;
    std::size_t cmask = 0;
    auto key_hash = [](StrId entity, std::string_view id) noexcept {
        return StringPool::hash(id) ^ (entity * 0x9E3779B1u);
    };
    // What the parse workers read of the global pool, taken before they start: the merge
    // interns item ids into S on this thread meanwhile (its record and slot tables
    // reallocate), so workers never touch S itself. The string bytes stay put (blocks).
    std::vector<std::string_view> customer_key(C.size());
    std::vector<std::pair<std::string_view, StrId>> customer_entities;
    for (std::uint32_t r = 0; r < C.size(); ++r) {
        customer_key[r] = S[C.customer_id[r]];
        const StrId e = C.entity[r];
        if (std::find_if(customer_entities.begin(), customer_entities.end(),
                         [e](const auto& x) { return x.second == e; }) == customer_entities.end())
            customer_entities.emplace_back(S[e], e);
    }
    auto find_entity = [&](std::string_view e) -> StrId {
        for (const auto& x : customer_entities)
            if (fastfield::same(x.first, e)) return x.second;
        return StringPool::npos; // no customer has it: every item of it is an error
    };
    auto slot_matches = [&](const CustomerSlot& sl, std::uint32_t hh, StrId entity, std::string_view id) {
        if (sl.hash != hh || sl.entity != entity) return false;
        if (sl.len != 255) return sl.len == id.size() && fastfield::same_bytes(sl.key, id.data(), id.size());
        return fastfield::same(customer_key[sl.row1 - 1], id);
    };
    {
        std::size_t cap = 16;
        while (cap < C.size() * 2) cap <<= 1;
        cslots = ZeroedHugeArray<CustomerSlot>(cap); // all-zero slots are empty
        cmask = cap - 1;
        for (std::uint32_t r = 0; r < C.size(); ++r) {
            const std::string_view id = S[C.customer_id[r]];
            if (id.empty()) continue;
            const std::uint32_t hh = key_hash(C.entity[r], id);
            std::size_t i = hh & cmask;
            bool dup = false;
            for (; cslots[i].row1 != 0; i = (i + 1) & cmask)
                if (slot_matches(cslots[i], hh, C.entity[r], id)) {
                    dup = true;
                    break;
                }
            if (dup) continue;
            CustomerSlot& sl = cslots[i];
            sl.hash = hh;
            sl.row1 = r + 1;
            sl.entity = C.entity[r];
            sl.terms = C.payment_terms_days[r];
            const auto known = std::find(slot_currency.begin(), slot_currency.end(), C.currency[r]);
            if (known != slot_currency.end()) {
                sl.currency = static_cast<std::uint8_t>(known - slot_currency.begin());
            } else if (slot_currency.size() < 255) {
                sl.currency = static_cast<std::uint8_t>(slot_currency.size());
                slot_currency.push_back(C.currency[r]);
            } else {
                sl.currency = 255;
            }
            if (id.size() <= sizeof sl.key) {
                sl.len = static_cast<std::uint8_t>(id.size());
                std::memcpy(sl.key, id.data(), id.size());
            } else {
                sl.len = 255;
            }
        }
    }
    auto find_customer = [&](StrId entity, std::string_view id, std::uint32_t hh) -> const CustomerSlot* {
        for (std::size_t i = hh & cmask;; i = (i + 1) & cmask) {
            const CustomerSlot& sl = cslots[i];
            if (sl.row1 == 0) return nullptr;
            if (slot_matches(sl, hh, entity, id)) return &sl;
        }
    };

    /// One chunk's rows. Strings other than item ids go to a chunk-local pool (few
    /// distinct values: entities, statuses, comments); item ids stay views of the text
    /// with their hash, interned by the merge in file order.
    struct ItemChunk : chunked::ChunkBase {
        StringPool local;
        std::vector<StrId> entity, status, sub, comment; ///< local ids
        std::vector<const char*> id_ptr;
        std::vector<std::uint32_t> id_len, id_hash;
        std::deque<std::string> id_copies; ///< ids unescaped out of the text
        std::vector<std::uint32_t> customer;
        std::vector<ItemType> type;
        std::vector<std::int32_t> issue, due, sdate, pdate;
        std::vector<Currency> currency;
        std::vector<std::int64_t> amount, open;
        std::vector<StatusCategory> cat;
        std::array<std::vector<StrId>, kCustomFields> custom;
        std::vector<std::uint8_t> given;
        // Dictionaries of the entity and currency texts met (rows repeat a few values):
        // no hash, no call for those.
        struct EntityIds {
            StrId local = 0, global = 0; ///< global: StringPool::npos when no customer has it
        };
        fastfield::RecentDict<EntityIds> entities;
        fastfield::RecentDict<std::optional<Currency>> currencies;
        /// The next record's customer key hash, computed by the prefetch (pointer of
        /// its customer_id in the text, entity): the row then does not hash it again.
        const char* next_cid = nullptr;
        StrId next_entity = 0;
        std::uint32_t next_hash = 0;
        /// Per date column (issue, due, status, promise): the last month seen.
        fastfield::DateParser dates[4];
        void reserve(std::size_t n) {
            for (auto* v : {&entity, &status, &sub, &comment, &id_len, &id_hash, &customer, &row_line}) v->reserve(n);
            id_ptr.reserve(n);
            type.reserve(n);
            for (auto* v : {&issue, &due, &sdate, &pdate}) v->reserve(n);
            currency.reserve(n);
            amount.reserve(n);
            open.reserve(n);
            cat.reserve(n);
            given.reserve(n);
        }
    };
    // Field errors of a chunk (date, money and currency helpers write to the chunk).
    auto date_in = [](ItemChunk& c, std::int64_t line, std::string_view col, std::string_view v, bool required,
                      int which) {
        if (v.empty()) {
            if (required) c.error(line, col, v, "a date is required (YYYY-MM-DD)");
            return kNoDate;
        }
        if (auto dd = c.dates[which](v)) return *dd;
        c.error(line, col, v, "expected a date YYYY-MM-DD (a real calendar day between 1400 and 9999)");
        return kNoDate;
    };
    auto money_in = [](ItemChunk& c, std::int64_t line, std::string_view col, std::string_view v, Currency cur,
                       std::int64_t& out) {
        switch (fastfield::parse_amount(v, cur.minor_units(), out)) {
        case FixedParse::ok: return true;
        case FixedParse::syntax:
            c.error(line, col, v, "expected a decimal number like 1234.50 (optional sign, '.' decimal point, no exponent or thousands separator)");
            return false;
        case FixedParse::too_precise:
            c.error(line, col, v, "more decimals than " + cur.code() + " allows (" + std::to_string(cur.minor_units()) + ")");
            return false;
        case FixedParse::overflow:
            c.error(line, col, v, "amount too large (must fit 64-bit minor units)");
            return false;
        }
        return false;
    };

    // The customer lookup is a cache miss a row (the slots of 200,000 customers are
    // 16 MB): the next record's entity and customer_id are peeked at in the text (plain
    // fields within its first 256 bytes, else nothing) and its slot prefetched, so the
    // miss overlaps this row's parsing.
    auto entity_ids = [&](ItemChunk& c, std::string_view ent) {
        if (const auto* x = c.entities.find(ent)) return *x;
        const ItemChunk::EntityIds x{ent.empty() ? c.local.intern("MAIN") : c.local.intern(ent),
                                     ent.empty() ? main : find_entity(ent)};
        c.entities.put(ent, x);
        return x;
    };
    auto prefetch_next_customer = [&](ItemChunk& c, std::size_t pos) {
        const int ce = h.idx[0], cc = h.idx[2];
        if (cc < 0 || pos >= c.limit) return;
        const int last = std::max(ce, cc);
        std::string_view ent, cid;
#if defined(__SSE2__)
        if (last < 64 && text.size() - pos >= 64) {
            // The field ends from the tokenizer's delimiter mask of the next 64 bytes.
            std::uint64_t m = csvchunk::delimiters64(text.data() + pos);
            std::size_t b = pos;
            for (int col = 0;; ++col) {
                if (m == 0 || text[b] == '"') return;
                const std::size_t e = pos + static_cast<std::size_t>(__builtin_ctzll(m));
                if (col == ce) ent = text.substr(b, e - b);
                if (col == cc) cid = text.substr(b, e - b);
                if (col == last) break;
                if (text[e] != ',') return;
                m &= m - 1;
                b = e + 1;
            }
        } else
#endif
        {
            const std::size_t lim = std::min(text.size(), pos + 256);
            int col = 0;
            std::size_t b = pos;
            for (std::size_t p = pos;; ++p) {
                if (p == lim) return;
                const char ch = text[p];
                if (ch == '"') return;
                if (ch != ',' && ch != '\n' && ch != '\r') continue;
                if (col == ce) ent = text.substr(b, p - b);
                if (col == cc) cid = text.substr(b, p - b);
                if (col == last) break;
                if (ch != ',') return;
                ++col;
                b = p + 1;
            }
        }
        const StrId ge = entity_ids(c, ent).global;
        if (ge == StringPool::npos || cid.empty()) return;
        c.next_cid = cid.data();
        c.next_entity = ge;
        c.next_hash = key_hash(ge, cid);
        // Its slot and the next one (a probe past the first slot crosses into the next
        // line half the time).
        const std::size_t slot = c.next_hash & cmask;
        __builtin_prefetch(cslots.data() + slot);
        __builtin_prefetch(cslots.data() + ((slot + 1) & cmask));
    };
    auto parse = [&](ItemChunk& c, std::int64_t line, const std::vector<std::string_view>& f,
                     const csvchunk::Scanner& sc) {
        auto get = [&](std::size_t col) -> std::string_view {
            const int k = h.idx[col];
            return k < 0 ? std::string_view() : f[static_cast<std::size_t>(k)];
        };
        if (c.type.capacity() == 0) c.reserve((c.limit - c.start) / 48 + 16); // rows are rarely shorter
        std::uint8_t given = 0;
        const std::string_view ent = get(0);
        // The entity's local id and global id (read-only here: a new entity has no
        // customers).
        const ItemChunk::EntityIds eids = entity_ids(c, ent);
        const StrId gentity = eids.global;
        const char* const pf_cid = c.next_cid;
        const StrId pf_entity = c.next_entity;
        const std::uint32_t pf_hash = c.next_hash;
        prefetch_next_customer(c, sc.pos());
        c.entity.push_back(eids.local);
        if (!ent.empty()) given |= ItemTable::g_entity;
        const std::string_view id = get(1);
        if (id.empty()) {
            c.error(line, "item_id", id, "an item_id is required", 0);
        }
        if (sc.in_text(id) || id.empty()) {
            c.id_ptr.push_back(id.data());
        } else {
            c.id_copies.emplace_back(id);
            c.id_ptr.push_back(c.id_copies.back().data());
        }
        c.id_len.push_back(static_cast<std::uint32_t>(id.size()));
        c.id_hash.push_back(StringPool::hash(id));
        const std::string_view cid = get(2);
        std::uint32_t cust = kNoRow;
        const CustomerSlot* cslot = nullptr;
        const std::string_view ent_shown = ent.empty() ? std::string_view("MAIN") : ent;
        if (cid.empty()) {
            c.error(line, "customer_id", cid, "a customer_id is required");
        } else {
            cslot = gentity == StringPool::npos ? nullptr
                    : find_customer(gentity, cid,
                                    cid.data() == pf_cid && gentity == pf_entity ? pf_hash : key_hash(gentity, cid));
            if (cslot) cust = cslot->row1 - 1;
            if (cust == kNoRow) {
                c.error(line, "customer_id", cid, "no such customer in customers.csv for entity " + std::string(ent_shown));
                cust = kNoRow;
            }
        }
        ItemType type = ItemType::invoice;
        if (!get(3).empty()) {
            given |= ItemTable::g_type;
            if (auto t = parse_item_type(get(3))) type = *t;
            else c.error(line, "type", get(3), "expected invoice, credit_note, debit_note, payment or adjustment");
        }
        const std::int32_t issue = date_in(c, line, "issue_date", get(4), true, 0);
        std::int32_t due = kNoDate;
        if (!get(5).empty()) {
            given |= ItemTable::g_due;
            due = date_in(c, line, "due_date", get(5), false, 1);
        } else if (issue != kNoDate && cust != kNoRow) {
            if (auto dd = Date::from_days(issue).try_add_days(cslot->terms)) due = dd->days();
            else
                c.error(line, "issue_date", get(4),
                        "issue_date + payment_terms_days (" + std::to_string(cslot->terms) +
                            ") is after 9999-12-31, the last supported date; give a due_date");
        }
        Currency cur = !cslot ? L.company_.base_currency
                              : cslot->currency != 255 ? slot_currency[cslot->currency] : C.currency[cust];
        bool cur_ok = true;
        if (const std::string_view cv = get(6); !cv.empty()) {
            given |= ItemTable::g_currency;
            const std::optional<Currency>* known = c.currencies.find(cv);
            std::optional<Currency> found;
            if (!known) {
                found = Currency::find(cv);
                c.currencies.put(cv, found);
                known = &found;
            }
            if (*known) {
                cur = **known;
            } else {
                c.error(line, "currency", cv, "expected an ISO 4217 currency code (e.g. EUR, USD, JPY)");
                cur_ok = false;
            }
        }
        std::int64_t amount = 0, open = 0;
        bool amount_ok = false;
        if (get(7).empty()) c.error(line, "amount", "", "an amount is required");
        else if (cur_ok) amount_ok = money_in(c, line, "amount", get(7), cur, amount);
        if (amount_ok) {
            const bool positive = type == ItemType::invoice || type == ItemType::debit_note;
            const bool negative = type == ItemType::credit_note || type == ItemType::payment;
            if (positive && amount <= 0) c.error(line, "amount", get(7), std::string("a ") + to_string(type) + " amount must be > 0");
            if (negative && amount >= 0) c.error(line, "amount", get(7), std::string("a ") + to_string(type) + " amount must be < 0");
        }
        open = amount;
        if (!get(8).empty()) {
            given |= ItemTable::g_open;
            if (cur_ok && money_in(c, line, "open_amount", get(8), cur, open) && amount_ok) {
                const bool same_sign = open == 0 || (open > 0) == (amount > 0);
                const bool within = (amount >= 0) ? (open <= amount) : (open >= amount);
                if (!same_sign || !within)
                    c.error(line, "open_amount", get(8), "must have the sign of amount (" + std::string(get(7)) +
                                                             ") and not exceed it in absolute value");
            }
        }
        StrId status = 0, sub = 0;
        StatusCategory cat = StatusCategory::none;
        if (const std::string_view st = get(9); !st.empty()) {
            status = c.local.intern(st);
            const auto colon = st.find(':');
            const std::string_view cc = st.substr(0, colon);
            if (auto pc = parse_status_category(cc)) cat = *pc;
            else c.error(line, "status", st, "expected category[:subtype] with category promise, dispute, litigation, ignored or info");
            if (colon != std::string_view::npos) sub = c.local.intern(st.substr(colon + 1));
        }
        const std::int32_t sdate = date_in(c, line, "status_date", get(10), false, 2);
        const std::int32_t pdate = date_in(c, line, "promise_date", get(11), false, 3);
        if (issue != kNoDate && cur_ok && !(cur == L.fx_.base())) {
            std::int64_t r;
            if (!L.fx_.try_rate_e10(cur, issue, r))
                c.error(line, "currency", get(6).empty() ? cur.code() : get(6),
                        "no rate for " + cur.code() + " on or before the issue date " + Date::from_days(issue).to_string() + " in fx.csv");
        }
        c.customer.push_back(cust);
        c.type.push_back(type);
        c.issue.push_back(issue);
        c.due.push_back(due);
        c.currency.push_back(cur);
        c.amount.push_back(amount);
        c.open.push_back(open);
        c.status.push_back(status);
        c.cat.push_back(cat);
        c.sub.push_back(sub);
        c.sdate.push_back(sdate);
        c.pdate.push_back(pdate);
        const std::string_view com = get(12);
        c.comment.push_back(com.empty() ? 0 : c.local.intern(com));
        for (int k = 0; k < kCustomFields; ++k) {
            const int col = h.custom[static_cast<std::size_t>(k)];
            if (col >= 0) c.custom[static_cast<std::size_t>(k)].push_back(c.local.intern(f[static_cast<std::size_t>(col)]));
        }
        c.given.push_back(given);
    };

    auto merge = [&](ItemChunk& c, std::int64_t base, auto&&) {
        // Local ids → global ids, interned at first use: the global pool sees the
        // strings in the order of the sequential loader.
        std::vector<StrId> g(c.local.size(), StringPool::npos);
        g[0] = 0;
        auto glob = [&](StrId l) {
            StrId& x = g[l];
            if (x == StringPool::npos) x = S.intern(c.local[l]);
            return x;
        };
        const std::size_t rows = c.row_line.size();
        const std::size_t first = I.size();
        // The string columns are written in place (one resize, no push_back per row).
        auto grow = [&](LedgerColumn<StrId>& col) {
            col.resize(first + rows);
            return col.mutable_data() + first;
        };
        StrId* const ent = grow(I.entity);
        StrId* const iids = grow(I.item_id);
        std::array<StrId*, kCustomFields> cus{};
        // The custom columns present, in column order (most files have none: no loop).
        std::array<std::size_t, kCustomFields> present{};
        std::size_t npresent = 0;
        for (std::size_t k = 0; k < static_cast<std::size_t>(kCustomFields); ++k)
            if (h.custom[k] >= 0) {
                cus[k] = grow(I.custom[k]);
                present[npresent++] = k;
            }
        for (std::size_t r = 0; r < rows; ++r) {
            const std::int64_t line = base + c.row_line[r];
            ent[r] = (c.given[r] & ItemTable::g_entity) ? glob(c.entity[r]) : main;
            // Stored, not yet indexed (no hash-table access here): index_pending below.
            iids[r] = S.append_pending(std::string_view(c.id_ptr[r], c.id_len[r]));
            // Sparse columns (a row appended, a value stored only when present).
            I.status.push_back(c.status[r] ? glob(c.status[r]) : 0);
            I.status_subtype.push_back(c.sub[r] ? glob(c.sub[r]) : 0);
            I.comment.push_back(glob(c.comment[r]));
            for (std::size_t j = 0; j < npresent; ++j) {
                const std::size_t k = present[j];
                cus[k][r] = glob(c.custom[k][r]);
            }
            I.line.push_back(line);
        }
        id_hashes.insert(id_hashes.end(), c.id_hash.begin(), c.id_hash.end());
        auto append = [](auto& to, const auto& from) { to.append(from.begin(), from.end()); };
        append(I.customer, c.customer);
        append(I.type, c.type);
        append(I.issue_date, c.issue);
        append(I.due_date, c.due);
        for (std::size_t r = 0; r < rows; ++r) {
            const Currency cur = c.currency[r];
            const auto& t = I.currency.table();
            if (t.size() == 256 && std::find(t.begin(), t.end(), cur) == t.end()) {
                // The column stores a one-byte currency index (docs/decisions.md).
                error(base + c.row_line[r], "currency", cur.code(), "more than 256 distinct currencies in items.csv");
                I.currency.push_back(t[0]);
            } else {
                I.currency.push_back(cur);
            }
        }
        append(I.amount, c.amount);
        append(I.open_amount, c.open);
        append(I.status_category, c.cat);
        append(I.status_date, c.sdate);
        append(I.promise_date, c.pdate);
        append(I.given, c.given);
    };
    // Errors are held back while the rows load: the duplicate check comes after them.
    std::vector<HeldError> held_errors;
    held = &held_errors;
    bool ok = false;
    try {
        ok = read_csv_chunked<ItemChunk>(src, kItems, h, parse, merge);
    } catch (...) {
        held = nullptr;
        throw;
    }
    held = nullptr;
    if (ok) I.columns = h.present;
    // The sparse columns take their final form (none, sparse or dense) and size.
    I.status.finish();
    I.status_subtype.finish();
    I.status_date.finish();
    I.promise_date.finish();
    I.comment.finish();

    // The item ids into the pool at once, in hash-table order (see index_pending).
    S.index_pending(std::span<StrId>(I.item_id.mutable_data(), I.size()), id_hashes);
    std::vector<std::uint32_t>().swap(id_hashes);
    // (entity, item_id) → first row, in row order (sequential: ids were given in row order).
    struct Duplicate {
        std::uint32_t row, first;
    };
    std::vector<Duplicate> dups;
    {
        L.item_index_.reserve(S.size(), I.size());
        const StrId* iid = I.item_id.data();
        const StrId* ent = I.entity.data();
        for (std::uint32_t r = 0; r < I.size(); ++r) {
            if (iid[r] == 0) continue;
            const std::uint32_t prev = L.item_index_.insert(ent[r], iid[r], r, I.entity);
            if (prev != r) {
                duplicate_items.push_back(r);
                if (dups.size() <= opt.max_errors_per_file) dups.push_back({r, prev});
            }
        }
    }
    // Report in line order: a row's duplicate error after its rank-0 errors (a missing
    // id) and before the others, as the row is checked.
    std::size_t d = 0;
    auto emit_dup = [&] {
        const Duplicate& x = dups[d++];
        error(I.line[x.row], "item_id", S[I.item_id[x.row]],
              "duplicate item (first on line " + std::to_string(I.line[x.first]) + ")");
    };
    for (HeldError& e : held_errors) {
        while (d < dups.size() && (I.line[dups[d].row] < e.line || (I.line[dups[d].row] == e.line && e.rank > 0))) emit_dup();
        error(e.line, e.column, e.value, std::move(e.message));
    }
    while (d < dups.size()) emit_dup();
}

void LedgerLoader::load_allocations(const SourceText& src) {
    begin_file("allocations.csv");
    Header h;
    AllocationTable& A = L.allocations_;
    const ItemTable& I = L.items_;
    const StringPool& S = L.strings_;
    const StrId main = L.strings_.intern("MAIN");
    L.has_allocations_ = true;
    const std::size_t guess = std::min(src.text.size() / 24 + 16, opt.max_rows_per_file + 16);
    A.item.reserve(guess); A.date.reserve(guess); A.amount.reserve(guess); A.entity_given.reserve(guess);
    A.line.reserve(guess);

    // Every check of an allocation reads only the items: the whole row is done in the
    // chunk, the merge appends. (An entity unknown to items.csv is not interned: the
    // row is an error and the load fails anyway.)
    struct AllocChunk : chunked::ChunkBase {
        std::vector<std::uint32_t> item, kept_line;
        std::vector<std::int32_t> date;
        std::vector<std::int64_t> amount;
        std::vector<std::uint8_t> entity_given;
        std::uint32_t last_item = kNoRow;
        fastfield::RecentDict<StrId> entities; ///< entity text → global id (npos: unknown)
        fastfield::DateParser dates;
    };
    auto parse = [&](AllocChunk& c, std::int64_t line, const std::vector<std::string_view>& f, const csvchunk::Scanner&) {
        auto get = [&](std::size_t col) -> std::string_view {
            const int k = h.idx[col];
            return k < 0 ? std::string_view() : f[static_cast<std::size_t>(k)];
        };
        const std::string_view ent = get(0);
        const StrId* known = c.entities.find(ent);
        const StrId entity = known ? *known : ent.empty() ? main : S.find(ent);
        if (!known) c.entities.put(ent, entity);
        const std::string_view id = get(1);
        // Allocations mostly follow the item order: try the previous row's item and the
        // next one (sequential memory) before the two hash lookups (cache misses). An
        // (entity, item_id) match is the item the index gives, unless that row repeats
        // an earlier key (then the index, which holds the first row, decides).
        std::uint32_t item = KeyIndex::npos;
        if (entity != StringPool::npos) {
            for (const std::uint32_t g : {c.last_item, c.last_item + 1})
                if (g < I.size() && I.entity[g] == entity && fastfield::same(S[I.item_id[g]], id) &&
                    (duplicate_items.empty() || !std::binary_search(duplicate_items.begin(), duplicate_items.end(), g))) {
                    item = g;
                    break;
                }
            if (item == KeyIndex::npos) {
                const StrId iid = S.find(id);
                item = iid == StringPool::npos ? KeyIndex::npos : L.item_index_.find(entity, iid, I.entity);
            }
        }
        if (item == KeyIndex::npos)
            c.error(line, "item_id", id, "no such item in items.csv for entity " + std::string(ent.empty() ? std::string_view("MAIN") : ent));
        else c.last_item = item;
        std::int32_t d = kNoDate;
        if (const std::string_view dv = get(2); dv.empty()) {
            c.error(line, "date", dv, "a date is required (YYYY-MM-DD)");
        } else if (auto dd = c.dates(dv)) {
            d = *dd;
        } else {
            c.error(line, "date", dv, "expected a date YYYY-MM-DD (a real calendar day between 1400 and 9999)");
        }
        std::int64_t amount = 0;
        bool amount_ok = false;
        if (item != KeyIndex::npos) {
            const Currency cur = I.currency[item];
            const std::string_view v = get(3);
            switch (fastfield::parse_amount(v, cur.minor_units(), amount)) {
            case FixedParse::ok: amount_ok = true; break;
            case FixedParse::syntax:
                c.error(line, "amount", v, "expected a decimal number like 1234.50 (optional sign, '.' decimal point, no exponent or thousands separator)");
                break;
            case FixedParse::too_precise:
                c.error(line, "amount", v, "more decimals than " + cur.code() + " allows (" + std::to_string(cur.minor_units()) + ")");
                break;
            case FixedParse::overflow: c.error(line, "amount", v, "amount too large (must fit 64-bit minor units)"); break;
            }
            if (amount_ok && (amount == 0 || (amount > 0) != (I.amount[item] > 0)))
                c.error(line, "amount", v, "an allocation is non-zero and carries the sign of its item's amount (" +
                                                format_fixed(I.amount[item], cur.minor_units()) + ")");
        }
        if (item == KeyIndex::npos || d == kNoDate || !amount_ok) return;
        c.item.push_back(item);
        c.date.push_back(d);
        c.amount.push_back(amount);
        c.entity_given.push_back(!ent.empty());
        c.kept_line.push_back(static_cast<std::uint32_t>(line));
    };
    auto merge = [&](AllocChunk& c, std::int64_t base, auto&&) {
        auto append = [](auto& to, const auto& from) { to.append(from.begin(), from.end()); };
        append(A.item, c.item);
        append(A.date, c.date);
        append(A.amount, c.amount);
        append(A.entity_given, c.entity_given);
        for (const std::uint32_t l : c.kept_line) A.line.push_back(base + l);
    };
    const bool ok = read_csv_chunked<AllocChunk>(src, kAllocations, h, parse, merge);
    if (!ok) return;
    A.columns = h.present;
    // Per-item index, ascending dates.
    const std::size_t n = I.size();
    const std::size_t na = A.size();
    std::uint32_t* off = (A.offset.assign(n + 1, 0), A.offset.mutable_data());
    const std::uint32_t* ai = A.item.data();
    const std::int32_t* ad = A.date.data();
    bool in_order = true; // file order = by item, then by date
    for (std::size_t k = 0; k < na; ++k) {
        ++off[ai[k] + 1];
        if (k && (ai[k] < ai[k - 1] || (ai[k] == ai[k - 1] && ad[k] < ad[k - 1]))) in_order = false;
    }
    for (std::size_t i = 0; i < n; ++i) off[i + 1] += off[i];
    if (in_order) {
        // The usual case (allocations listed item by item, in date order): the by-item
        // columns are the file-order columns, viewed rather than copied.
        A.by_item_date = LedgerColumn<std::int32_t>::view(A.date.data(), na);
        A.by_item_amount = LedgerColumn<std::int64_t>::view(A.amount.data(), na);
    } else {
        A.by_item_date.resize(na);
        A.by_item_amount.resize(na);
        std::int32_t* bd = A.by_item_date.mutable_data();
        std::int64_t* ba = A.by_item_amount.mutable_data();
        std::vector<std::uint32_t> fill(off, off + n);
        for (std::size_t k = 0; k < na; ++k) {
            const std::uint32_t pos = fill[ai[k]]++;
            bd[pos] = ad[k];
            ba[pos] = A.amount[k];
        }
        std::vector<std::pair<std::int32_t, std::int64_t>> tmp;
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint32_t b = off[i], e = off[i + 1];
            if (e - b > 1 && !std::is_sorted(bd + b, bd + e)) {
                tmp.clear();
                for (std::uint32_t k = b; k < e; ++k) tmp.emplace_back(bd[k], ba[k]);
                std::stable_sort(tmp.begin(), tmp.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
                for (std::uint32_t k = b; k < e; ++k) {
                    bd[k] = tmp[k - b].first;
                    ba[k] = tmp[k - b].second;
                }
            }
        }
    }
    // Sum rule, for every item (also those without allocations).
    begin_file("items.csv");
    const std::int64_t* bam = A.by_item_amount.data();
    for (std::size_t i = 0; i < n; ++i) {
        std::int64_t sum = 0;
        bool ovf = false;
        for (std::uint32_t k = off[i]; k < off[i + 1]; ++k) ovf |= __builtin_add_overflow(sum, bam[k], &sum);
        std::int64_t settled;
        ovf |= __builtin_sub_overflow(I.amount[i], I.open_amount[i], &settled);
        if (ovf || sum != settled) {
            const int mu = I.currency[i].minor_units();
            error(I.line[i], "open_amount", S[I.item_id[i]],
                  "allocations.csv sums to " + format_fixed(sum, mu) + " for this item but amount − open_amount = " +
                      format_fixed(settled, mu));
        }
    }
}

void LedgerLoader::item_list(std::int64_t line, std::string_view raw, StrId entity, LedgerColumn<std::uint32_t>& out,
                             LedgerColumn<std::uint32_t>& offset) {
    std::size_t p = 0;
    while (p < raw.size()) {
        while (p < raw.size() && raw[p] == ' ') ++p;
        std::size_t e = p;
        while (e < raw.size() && raw[e] != ' ') ++e;
        if (e > p) {
            const std::string_view id = raw.substr(p, e - p);
            const StrId sid = L.strings_.find(id);
            const std::uint32_t it = sid == StringPool::npos ? KeyIndex::npos : L.item_index_.find(entity, sid, L.items_.entity);
            if (it == KeyIndex::npos) error(line, "item_ids", id, "no such item in items.csv for entity " + std::string(L.strings_[entity]));
            else out.push_back(it);
        }
        p = e;
    }
    offset.push_back(static_cast<std::uint32_t>(out.size()));
}

void LedgerLoader::load_disputes(std::string_view text) {
    begin_file("disputes.csv");
    Header h;
    DisputeTable& D = L.disputes_;
    StringPool& S = L.strings_;
    const StrId main = S.intern("MAIN");
    KeyIndex seen;
    const bool ok = read_csv(text, kDisputes, h, [&](std::int64_t line, const std::vector<std::string_view>& f) {
        auto get = [&](std::size_t col) -> std::string_view {
            const int k = h.idx[col];
            return k < 0 ? std::string_view() : f[static_cast<std::size_t>(k)];
        };
        const std::string_view ent = get(0);
        const StrId entity = ent.empty() ? main : S.intern(ent);
        const std::string_view id = get(1);
        const StrId did = S.intern(id);
        if (id.empty()) error(line, "dispute_id", id, "a dispute_id is required");
        else if (seen.insert(pair_key(entity, did), static_cast<std::uint32_t>(D.size())) != D.size())
            error(line, "dispute_id", id, "duplicate dispute_id");
        const StrId cs = S.find(get(2));
        std::uint32_t cust = cs == StringPool::npos ? KeyIndex::npos : L.customer_index_.find(pair_key(entity, cs));
        if (cust == KeyIndex::npos) {
            error(line, "customer_id", get(2), "no such customer in customers.csv for entity " + std::string(S[entity]));
            cust = kNoRow;
        }
        const std::int32_t opened = date_field(line, "opened_date", get(4), true);
        const std::int32_t closed = date_field(line, "closed_date", get(5), false);
        if (opened != kNoDate && closed != kNoDate && closed < opened)
            error(line, "closed_date", get(5), "must not be before opened_date");
        D.entity.push_back(entity);
        D.dispute_id.push_back(did);
        D.customer.push_back(cust);
        D.type.push_back(S.intern(get(3)));
        D.opened_date.push_back(opened);
        D.closed_date.push_back(closed);
        D.resolver.push_back(S.intern(get(6)));
        D.item_ids_raw.push_back(S.intern(get(7)));
        item_list(line, get(7), entity, D.item_rows, D.item_offset);
        D.comment.push_back(S.intern(get(8)));
        D.entity_given.push_back(!ent.empty());
        D.line.push_back(line);
    });
    if (ok) D.columns = h.present;
}

void LedgerLoader::load_actions(std::string_view text) {
    begin_file("actions.csv");
    Header h;
    ActionTable& T = L.actions_;
    StringPool& S = L.strings_;
    const StrId main = S.intern("MAIN");
    KeyIndex seen;
    const bool ok = read_csv(text, kActions, h, [&](std::int64_t line, const std::vector<std::string_view>& f) {
        auto get = [&](std::size_t col) -> std::string_view {
            const int k = h.idx[col];
            return k < 0 ? std::string_view() : f[static_cast<std::size_t>(k)];
        };
        const std::string_view ent = get(0);
        const StrId entity = ent.empty() ? main : S.intern(ent);
        const std::string_view id = get(1);
        const StrId aid = S.intern(id);
        if (id.empty()) error(line, "action_id", id, "an action_id is required");
        else if (seen.insert(pair_key(entity, aid), static_cast<std::uint32_t>(T.size())) != T.size())
            error(line, "action_id", id, "duplicate action_id");
        const StrId cs = S.find(get(2));
        std::uint32_t cust = cs == StringPool::npos ? KeyIndex::npos : L.customer_index_.find(pair_key(entity, cs));
        if (cust == KeyIndex::npos) {
            error(line, "customer_id", get(2), "no such customer in customers.csv for entity " + std::string(S[entity]));
            cust = kNoRow;
        }
        const std::int32_t d = date_field(line, "date", get(3), true);
        Channel ch = Channel::task;
        if (auto c = parse_channel(get(4))) ch = *c;
        else error(line, "channel", get(4), "expected email, sms, letter, call or task");
        T.entity.push_back(entity);
        T.action_id.push_back(aid);
        T.customer.push_back(cust);
        T.date.push_back(d);
        T.channel.push_back(ch);
        T.scenario.push_back(S.intern(get(5)));
        T.step.push_back(S.intern(get(6)));
        T.item_ids_raw.push_back(S.intern(get(7)));
        item_list(line, get(7), entity, T.item_rows, T.item_offset);
        T.user.push_back(S.intern(get(8)));
        T.outcome.push_back(S.intern(get(9)));
        T.comment.push_back(S.intern(get(10)));
        T.entity_given.push_back(!ent.empty());
        T.line.push_back(line);
    });
    if (ok) T.columns = h.present;
}

void LedgerLoader::load_template(const std::string& fname, std::string_view text, const std::string& shown,
                                 std::vector<Template>& out) {
    // <name>.<language>.txt
    const std::string stem = fname.substr(0, fname.size() - 4);
    const auto dot = stem.find('.');
    begin_file(shown);
    if (dot == std::string::npos || dot == 0 || dot + 1 >= stem.size()) {
        error(0, "", fname, "template files are named <template>.<language>.txt");
        return;
    }
    Template t;
    t.name = stem.substr(0, dot);
    t.language = stem.substr(dot + 1);
    t.path = shown;
    if (!valid_template_name(t.name)) {
        error(0, "", fname, "a template name has letters, digits, '_' and '-' only (templates/<name>.<language>.txt)");
        return;
    }
    if (!valid_language(t.language)) error(0, "", t.language, "the file name's language is not a BCP 47 tag");
    if (text.size() > opt.max_field_bytes) {
        error(0, "", "", "template of " + std::to_string(text.size()) + " bytes exceeds the limit of " +
                             std::to_string(opt.max_field_bytes) + " bytes (LoadOptions::max_field_bytes)");
        return;
    }
    if (!check_text(text)) return;
    std::string_view body(text);
    if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
    if (body.substr(0, 9) == "Subject: ") {
        const auto nl = body.find('\n');
        t.subject = std::string(body.substr(9, nl == std::string_view::npos ? std::string_view::npos : nl - 9));
        if (!t.subject.empty() && t.subject.back() == '\r') t.subject.pop_back();
        body = nl == std::string_view::npos ? std::string_view() : body.substr(nl + 1);
        t.body_first_line = 2;
        // One blank separator line after the subject is not part of the body.
        if (!body.empty() && (body[0] == '\n' || body.substr(0, 2) == "\r\n")) {
            body.remove_prefix(body[0] == '\n' ? 1 : 2);
            t.body_first_line = 3;
        }
    }
    t.body = std::string(body);
    // Every #TAG must be known: scan the whole file with its line numbers.
    std::int64_t line = 1;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n') ++line;
        if (text[i] != '#') continue;
        std::size_t e = i + 1;
        while (e < text.size() && ((text[e] >= 'A' && text[e] <= 'Z') || (text[e] >= '0' && text[e] <= '9') || text[e] == '_')) ++e;
        if (e == i + 1 || !(text[i + 1] >= 'A' && text[i + 1] <= 'Z')) continue;
        const std::string_view tag(text.data() + i + 1, e - i - 1);
        if (!is_known_tag(tag)) error(line, "", "#" + std::string(tag), "unknown tag; see the tag table of collection.md");
    }
    out.push_back(std::move(t));
}

void LedgerLoader::load_templates(const std::map<std::string, std::string_view>& src) {
    std::vector<Template> list;
    for (const auto& [name, text] : src) {
        if (name.rfind("templates/", 0) != 0 || name.size() <= 14 || name.substr(name.size() - 4) != ".txt") continue;
        load_template(name.substr(10), text, name, list);
        L.template_sources_[name] = text;
    }
    // Built-in templates (after the directory's own: those win).
    fs::path dir = opt.builtin_templates;
    if (dir.empty()) {
        if (const char* env = std::getenv("DSOCORE_TEMPLATES")) dir = env;
        else if (fs::is_directory(DSOCORE_TEMPLATES_INSTALL_DIR)) dir = DSOCORE_TEMPLATES_INSTALL_DIR;
        else dir = DSOCORE_TEMPLATES_SOURCE_DIR;
    }
    std::error_code ec;
    if (!dir.empty() && fs::is_directory(dir, ec)) {
        std::vector<fs::path> files;
        for (const auto& e : fs::directory_iterator(dir, ec))
            if (e.is_regular_file() && e.path().extension() == ".txt") files.push_back(e.path());
        std::sort(files.begin(), files.end());
        for (const auto& p : files) load_template(p.filename().string(), read_file(p.string()), "builtin:" + p.filename().string(), list);
    }
    L.templates_.list = std::move(list);
}

void LedgerLoader::run(SourceTexts& src) {
    auto get = [&](const char* name) -> const SourceText* {
        auto it = src.files.find(name);
        if (it == src.files.end()) return nullptr;
        L.present_files_.emplace_back(name);
        return &it->second;
    };
    if (const auto* t = get("company.json")) {
        const std::string text(t->text);
        load_company(text);
        L.raw_json_.emplace_back("company.json", text);
    }
    L.fx_.set_base(L.company_.base_currency);
    if (const auto* t = get("scenarios.json")) {
        const std::string text(t->text);
        load_scenarios(text);
        L.raw_json_.emplace_back("scenarios.json", text);
    }
    if (L.scenarios_.list.empty()) L.scenarios_ = Scenarios::builtin();
    if (const auto* t = get("fx.csv")) load_fx(t->text);
    else L.fx_.build();
    const auto* customers = get("customers.csv");
    const auto* items = get("items.csv");
    if (!customers) {
        begin_file("customers.csv");
        error(0, "", "", "required file is missing from the data directory");
    } else {
        load_customers(customers->text);
    }
    if (!items) {
        begin_file("items.csv");
        error(0, "", "", "required file is missing from the data directory");
    } else {
        load_items(*items);
    }
    if (const auto* t = get("allocations.csv")) load_allocations(*t);
    if (const auto* t = get("disputes.csv")) load_disputes(t->text);
    if (const auto* t = get("actions.csv")) load_actions(t->text);
    if (opt.templates) {
        std::map<std::string, std::string_view> views;
        for (const auto& [name, t] : src.files) views.emplace(name, t.text);
        load_templates(views);
    }
    if (!diags.empty()) throw DataError(std::move(diags), truncated);
}

void LedgerLoader::restore_settings(const DataSources& src) {
    if (auto it = src.find("company.json"); it != src.end()) load_company(it->second);
    L.fx_.set_base(L.company_.base_currency);
    if (auto it = src.find("scenarios.json"); it != src.end()) load_scenarios(it->second);
    if (L.scenarios_.list.empty()) L.scenarios_ = Scenarios::builtin();
    if (opt.templates) {
        std::map<std::string, std::string_view> views;
        for (const auto& [name, text] : src) views.emplace(name, text);
        load_templates(views);
    }
    if (!diags.empty()) throw DataError(std::move(diags), truncated);
}

void restore_settings(Ledger& l, const LoadOptions& options, const DataSources& src) {
    LedgerLoader(l, options).restore_settings(src);
}

// --- Ledger ------------------------------------------------------------------------

Ledger::Ledger() = default;
Ledger::Ledger(Ledger&&) noexcept = default;
Ledger& Ledger::operator=(Ledger&&) noexcept = default;
Ledger::~Ledger() = default;

Ledger Ledger::load_sources(const DataSources& sources, const LoadOptions& options) {
    Ledger l;
    SourceTexts src;
    for (const auto& [name, text] : sources) src.files.emplace(name, SourceText{text, nullptr});
    LedgerLoader(l, options).run(src);
    return l;
}

Ledger Ledger::load(const fs::path& dir, const LoadOptions& options) {
    std::error_code ec;
    if (fs::is_regular_file(dir, ec) && (dir.extension() == ".dsoc" || is_snapshot(dir))) return open_snapshot(dir, options);
    if (!fs::is_directory(dir, ec)) throw Error(Errc::io, dir.string() + ": not a data directory");
    SourceTexts src;
    // Files above the size limit are refused before they are read into memory. CSV
    // files are mapped (parsed from the page cache, released as the parse moves on);
    // JSON and templates are read.
    std::vector<Diagnostic> too_big;
    auto read_limited = [&](const fs::path& p, const std::string& name, bool map) {
        std::error_code e2;
        const auto size = fs::file_size(p, e2);
        if (!e2 && size > options.max_file_bytes) {
            too_big.push_back(Diagnostic{name, 0, "", "",
                                         "file of " + std::to_string(size) + " bytes exceeds the limit of " +
                                             std::to_string(options.max_file_bytes) + " bytes (LoadOptions::max_file_bytes)"});
            return;
        }
        if (map) {
            src.maps.push_back(std::make_unique<loadsrc::MappedFile>(p.string()));
            src.files.emplace(name, SourceText{src.maps.back()->text(), src.maps.back().get()});
        } else {
            const auto it = src.owned.emplace(name, read_file(p.string())).first;
            src.files.emplace(name, SourceText{it->second, nullptr});
        }
    };
    for (const char* name : {"company.json", "scenarios.json", "fx.csv", "customers.csv", "items.csv",
                             "allocations.csv", "disputes.csv", "actions.csv"}) {
        const fs::path p = dir / name;
        const std::string_view nm(name);
        if (fs::exists(p, ec)) read_limited(p, name, nm.size() > 4 && nm.substr(nm.size() - 4) == ".csv");
    }
    if (options.templates && fs::is_directory(dir / "templates", ec)) {
        for (const auto& e : fs::directory_iterator(dir / "templates", ec))
            if (e.is_regular_file() && e.path().extension() == ".txt")
                read_limited(e.path(), "templates/" + e.path().filename().string(), false);
    }
    if (!too_big.empty()) throw DataError(std::move(too_big));
    Ledger l;
    LedgerLoader(l, options).run(src);
    l.directory_ = dir;
    return l;
}

std::uint32_t Ledger::find_customer(std::string_view entity, std::string_view id) const noexcept {
    const StrId e = strings_.find(entity), c = strings_.find(id);
    if (e == StringPool::npos || c == StringPool::npos) return kNoRow;
    return customer_index_.find(pair_key(e, c));
}

std::uint32_t Ledger::find_item(std::string_view entity, std::string_view id) const noexcept {
    const StrId e = strings_.find(entity), c = strings_.find(id);
    if (e == StringPool::npos || c == StringPool::npos) return kNoRow;
    return item_index_.find(e, c, items_.entity);
}

Date Ledger::latest_date() const noexcept {
    std::int32_t m = INT32_MIN;
    for (auto d : items_.issue_date) m = std::max(m, d);
    for (auto d : allocations_.date) m = std::max(m, d);
    for (auto d : actions_.date) m = std::max(m, d);
    return m == INT32_MIN ? Date() : Date::from_days(m);
}

DSOCORE_END_NAMESPACE
