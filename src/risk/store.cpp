// Field-level edits of customers.csv, append-only logs, the directory lock.
#include "dsocore/risk/store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <mutex>

#include "dsocore/core/error.hpp"
#include "dsocore/io/csv.hpp"

DSOCORE_BEGIN_NAMESPACE

namespace fs = std::filesystem;

// --- lock ------------------------------------------------------------------------------

DataDirLock::DataDirLock(const fs::path& dir) {
    const std::string p = (dir / ".dsocore.lock").string();
    fd_ = ::open(p.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw Error(Errc::io, p + ": cannot open the lock file: " + std::strerror(errno));
    while (::flock(fd_, LOCK_EX) != 0) {
        if (errno == EINTR) continue;
        const int e = errno;
        ::close(fd_);
        throw Error(Errc::io, p + ": cannot lock: " + std::strerror(e));
    }
}

DataDirLock::~DataDirLock() {
    if (fd_ >= 0) {
        ::flock(fd_, LOCK_UN);
        ::close(fd_);
    }
}

// --- customers.csv spans -----------------------------------------------------------------

CustomersFile::CustomersFile(std::string text) : text_(std::move(text)) {
    const std::size_t n = text_.size();
    std::size_t p = 0;
    if (n >= 3 && static_cast<unsigned char>(text_[0]) == 0xEF && static_cast<unsigned char>(text_[1]) == 0xBB &&
        static_cast<unsigned char>(text_[2]) == 0xBF)
        p = 3;
    offset_.push_back(0);
    for (;;) {
        while (p < n && (text_[p] == '\n' || text_[p] == '\r')) ++p; // blank lines, as the reader skips them
        if (p >= n) break;
        for (;;) {
            const std::size_t b = p;
            if (p < n && text_[p] == '"') {
                ++p;
                for (;;) {
                    if (p >= n) throw Error(Errc::data, "customers.csv: unterminated quoted field");
                    if (text_[p] == '"') {
                        if (p + 1 < n && text_[p + 1] == '"') {
                            p += 2;
                            continue;
                        }
                        ++p;
                        break;
                    }
                    ++p;
                }
            } else {
                while (p < n && text_[p] != ',' && text_[p] != '\n' && text_[p] != '\r') ++p;
            }
            spans_.push_back({b, p});
            if (p < n && text_[p] == ',') {
                ++p;
                continue;
            }
            if (p < n && text_[p] != '\n' && text_[p] != '\r')
                throw Error(Errc::data, "customers.csv: unexpected character after a closing quote");
            break;
        }
        offset_.push_back(spans_.size());
        ++records_;
    }
    if (records_ == 0) throw Error(Errc::data, "customers.csv: empty file (a header row is required)");
    for (std::size_t c = 0; c < fields_in(0); ++c) header_.push_back(decode(raw(npos, c)));
    for (std::size_t r = 1; r < records_; ++r)
        if (fields_in(r) != header_.size())
            throw Error(Errc::data, "customers.csv: a record has " + std::to_string(fields_in(r)) + " fields, the header " +
                                        std::to_string(header_.size()));
}

CustomersFile CustomersFile::read(const fs::path& dir) { return CustomersFile(read_file((dir / "customers.csv").string())); }

std::size_t CustomersFile::column(std::string_view name) const noexcept {
    for (std::size_t c = 0; c < header_.size(); ++c)
        if (header_[c] == name) return c;
    for (std::size_t k = 0; k < added_.size(); ++k)
        if (added_[k] == name) return header_.size() + k;
    return npos;
}

std::size_t CustomersFile::find(std::string_view entity, std::string_view id) const {
    const std::size_t ce = column("entity"), ci = column("customer_id");
    if (ci == npos) return npos;
    for (std::size_t r = 0; r < rows(); ++r) {
        if (value(r, ci) != id) continue;
        std::string e = ce == npos ? std::string() : value(r, ce);
        if (e.empty()) e = "MAIN";
        if (e == entity) return r;
    }
    return npos;
}

std::string_view CustomersFile::raw(std::size_t row, std::size_t col) const {
    const std::size_t rec = row == npos ? 0 : row + 1; // npos addresses the header
    const std::uint64_t key = static_cast<std::uint64_t>(rec) << 16 | col;
    const auto it = std::lower_bound(edits_.begin(), edits_.end(), key,
                                     [](const auto& e, std::uint64_t k) { return e.first < k; });
    if (it != edits_.end() && it->first == key) return it->second;
    if (col >= fields_in(rec)) return {};
    const Span& s = span(rec, col);
    return std::string_view(text_).substr(s.begin, s.end - s.begin);
}

std::string CustomersFile::value(std::size_t row, std::size_t col) const { return decode(raw(row, col)); }

void CustomersFile::set_raw(std::size_t row, std::size_t col, std::string r) {
    if (row >= rows() || col >= columns()) throw Error(Errc::internal, "customers.csv edit out of range");
    const std::uint64_t key = static_cast<std::uint64_t>(row + 1) << 16 | col;
    const auto it = std::lower_bound(edits_.begin(), edits_.end(), key,
                                     [](const auto& e, std::uint64_t k) { return e.first < k; });
    if (it != edits_.end() && it->first == key) it->second = std::move(r);
    else edits_.insert(it, {key, std::move(r)});
}

std::size_t CustomersFile::add_column(std::string name) {
    if (drop_last_) throw Error(Errc::internal, "customers.csv: add and drop a column in one edit");
    added_.push_back(std::move(name));
    return columns() - 1;
}

void CustomersFile::remove_last_column() {
    if (!added_.empty() || header_.size() < 2) throw Error(Errc::internal, "customers.csv: cannot drop the last column");
    drop_last_ = true;
}

std::string CustomersFile::render() const {
    std::string out;
    out.reserve(text_.size() + 64 + added_.size() * records_);
    std::size_t pos = 0;
    auto e = edits_.begin();
    for (std::size_t rec = 0; rec < records_; ++rec) {
        const std::size_t nf = fields_in(rec);
        for (std::size_t c = 0; c < nf; ++c) {
            const std::uint64_t key = static_cast<std::uint64_t>(rec) << 16 | c;
            while (e != edits_.end() && e->first < key) ++e;
            if (drop_last_ && c == nf - 1) {
                // Drop "," + the field: copy up to the end of the previous field.
                out.append(text_, pos, span(rec, c - 1).end - pos);
                pos = span(rec, c).end;
                continue;
            }
            if (e != edits_.end() && e->first == key) {
                const Span& s = span(rec, c);
                out.append(text_, pos, s.begin - pos);
                out += e->second;
                pos = s.end;
            }
        }
        if (!added_.empty()) {
            const std::size_t end = span(rec, nf - 1).end;
            out.append(text_, pos, end - pos);
            pos = end;
            for (std::size_t k = 0; k < added_.size(); ++k) {
                out.push_back(',');
                if (rec == 0) {
                    out += encode(added_[k]);
                    continue;
                }
                const std::uint64_t key = static_cast<std::uint64_t>(rec) << 16 | (header_.size() + k);
                const auto it = std::lower_bound(edits_.begin(), edits_.end(), key,
                                                 [](const auto& x, std::uint64_t kk) { return x.first < kk; });
                if (it != edits_.end() && it->first == key) out += it->second;
            }
        }
    }
    out.append(text_, pos, std::string::npos);
    return out;
}

std::string CustomersFile::encode(std::string_view v) {
    std::string s;
    csv_append_field(s, v);
    return s;
}

std::string CustomersFile::decode(std::string_view raw) {
    if (raw.size() < 2 || raw.front() != '"') return std::string(raw);
    std::string s;
    s.reserve(raw.size());
    for (std::size_t i = 1; i + 1 < raw.size(); ++i) {
        if (raw[i] == '"' && i + 2 < raw.size() && raw[i + 1] == '"') ++i;
        s.push_back(raw[i]);
    }
    return s;
}

std::uint32_t resolve_customer(const Ledger& L, std::string_view spec) {
    if (spec.empty()) throw Error(Errc::invalid_argument, "no customer given; expected ENTITY:ID or ID");
    const auto colon = spec.find(':');
    if (colon != std::string_view::npos) {
        const std::uint32_t r = L.find_customer(spec.substr(0, colon), spec.substr(colon + 1));
        if (r != kNoRow) return r;
    }
    // An ID alone (or one that holds a colon): look in every entity.
    const CustomerTable& C = L.customers();
    const StrId id = L.strings().find(spec);
    std::vector<std::uint32_t> hits;
    if (id != StringPool::npos)
        for (std::uint32_t c = 0; c < C.size(); ++c)
            if (C.customer_id[c] == id) hits.push_back(c);
    if (hits.size() == 1) return hits[0];
    if (hits.empty()) throw Error(Errc::not_found, "customer '" + std::string(spec) + "' not found in customers.csv");
    std::string list;
    for (auto c : hits) list += (list.empty() ? "" : ", ") + std::string(L.str(C.entity[c])) + ":" + std::string(spec);
    throw Error(Errc::invalid_argument, "customer '" + std::string(spec) + "' exists in several entities; name one of " + list);
}

Ledger load_with_customers(const fs::path& dir, const std::string& customers_text) {
    DataSources src;
    std::error_code ec;
    for (const char* name : {"company.json", "scenarios.json", "fx.csv", "items.csv", "allocations.csv",
                             "disputes.csv", "actions.csv"}) {
        const fs::path p = dir / name;
        if (fs::exists(p, ec)) src.emplace(name, read_file(p.string()));
    }
    src.emplace("customers.csv", customers_text);
    return Ledger::load_sources(src);
}

// --- logs --------------------------------------------------------------------------------

namespace {
std::string header_line(const std::vector<std::string>& header) {
    std::string s;
    for (std::size_t k = 0; k < header.size(); ++k) {
        if (k) s.push_back(',');
        csv_append_field(s, header[k]);
    }
    s.push_back('\n');
    return s;
}
} // namespace

std::vector<std::vector<std::string>> read_csv_log(const fs::path& file, const std::vector<std::string>& header) {
    std::vector<std::vector<std::string>> rows;
    std::error_code ec;
    if (!fs::exists(file, ec)) return rows;
    CsvReader rd(read_file(file.string()));
    std::vector<std::string_view> f;
    const std::string name = file.filename().string();
    if (!rd.next(f)) return rows;
    if (!rd.error().empty() || std::vector<std::string>(f.begin(), f.end()) != header)
        throw Error(Errc::data, name + ":1: unexpected header; expected " + header_line(header).substr(0, header_line(header).size() - 1));
    while (rd.next(f)) {
        if (!rd.error().empty()) throw Error(Errc::data, name + ":" + std::to_string(rd.line()) + ": " + rd.error());
        if (f.size() != header.size())
            throw Error(Errc::data, name + ":" + std::to_string(rd.line()) + ": " + std::to_string(f.size()) +
                                        " fields, expected " + std::to_string(header.size()));
        rows.emplace_back(f.begin(), f.end());
    }
    return rows;
}

void append_csv_log(const fs::path& file, const std::vector<std::string>& header,
                    const std::vector<std::vector<std::string>>& rows) {
    std::error_code ec;
    std::string text;
    if (fs::exists(file, ec)) {
        read_csv_log(file, header); // checks the existing content
        text = read_file(file.string());
        if (!text.empty() && text.back() != '\n') text.push_back('\n');
    } else {
        text = header_line(header);
    }
    for (const auto& r : rows) {
        if (r.size() != header.size()) throw Error(Errc::internal, "log row of the wrong width");
        for (std::size_t k = 0; k < r.size(); ++k) {
            if (k) text.push_back(',');
            csv_append_field(text, r[k]);
        }
        text.push_back('\n');
    }
    write_file_atomic(file.string(), text);
}

std::string utc_timestamp() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

namespace {
std::mutex& hook_mutex() {
    static std::mutex m;
    return m;
}
CrashHook& hook_slot() {
    static CrashHook h;
    return h;
}
} // namespace

void set_crash_hook(CrashHook hook) {
    std::lock_guard<std::mutex> l(hook_mutex());
    hook_slot() = std::move(hook);
}

void crash_point(std::string_view step) {
    CrashHook h;
    {
        std::lock_guard<std::mutex> l(hook_mutex());
        h = hook_slot();
    }
    if (h) h(step);
}

DSOCORE_END_NAMESPACE
