#include "dsocore/io/csv.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "dsocore/core/error.hpp"

DSOCORE_BEGIN_NAMESPACE

CsvReader::CsvReader(std::string buffer, char separator) : buf_(std::move(buffer)), sep_(separator) {
    if (buf_.size() >= 3 && static_cast<unsigned char>(buf_[0]) == 0xEF &&
        static_cast<unsigned char>(buf_[1]) == 0xBB && static_cast<unsigned char>(buf_[2]) == 0xBF)
        pos_ = 3;
}

bool CsvReader::next(std::vector<std::string_view>& fields) {
    fields.clear();
    error_.clear();
    char* const data = buf_.data();
    const std::size_t n = buf_.size();
    // Skip blank lines.
    while (pos_ < n && (data[pos_] == '\n' || data[pos_] == '\r')) {
        if (data[pos_] == '\r' && pos_ + 1 < n && data[pos_ + 1] == '\n') ++pos_;
        ++pos_;
        ++line_;
    }
    if (pos_ >= n) return false;
    record_line_ = line_;
    std::size_t p = pos_;
    for (;;) {
        if (p < n && data[p] == '"') {
            // Quoted field: unescape in place.
            std::size_t w = p, r = p + 1;
            for (;;) {
                if (r >= n) {
                    error_ = "unterminated quoted field (opened on line " + std::to_string(record_line_) + ")";
                    pos_ = n;
                    return true;
                }
                const char c = data[r];
                if (c == '"') {
                    if (r + 1 < n && data[r + 1] == '"') {
                        data[w++] = '"';
                        r += 2;
                        continue;
                    }
                    ++r;
                    break;
                }
                if (c == '\n' || (c == '\r' && !(r + 1 < n && data[r + 1] == '\n'))) ++line_;
                data[w++] = c;
                ++r;
            }
            fields.emplace_back(data + p, w - p);
            p = r;
            if (p < n && data[p] != sep_ && data[p] != '\n' && data[p] != '\r') {
                error_ = "unexpected character '" + std::string(1, data[p]) + "' after a closing quote";
                // Resynchronise at the end of this physical line.
                while (p < n && data[p] != '\n' && data[p] != '\r') ++p;
            }
        } else {
            const std::size_t b = p;
            while (p < n && data[p] != sep_ && data[p] != '\n' && data[p] != '\r') ++p;
            fields.emplace_back(data + b, p - b);
        }
        if (p < n && data[p] == sep_) {
            ++p;
            continue;
        }
        // End of record.
        if (p < n) {
            if (data[p] == '\r' && p + 1 < n && data[p + 1] == '\n') ++p;
            ++p;
            ++line_;
        }
        pos_ = p;
        return true;
    }
}

namespace {
/// Characters that make a field quoted, for the comma (the canonical files).
constexpr std::array<bool, 256> kQuoteComma = [] {
    std::array<bool, 256> t{};
    t[','] = t['"'] = t['\n'] = t['\r'] = true;
    return t;
}();
} // namespace

void csv_append_field(std::string& out, std::string_view f, char sep) {
    bool quote = false;
    if (sep == ',') {
        for (char c : f) quote |= kQuoteComma[static_cast<unsigned char>(c)];
    } else {
        for (char c : f) quote |= c == sep || c == '"' || c == '\n' || c == '\r';
    }
    if (!quote) {
        out.append(f);
        return;
    }
    out.push_back('"');
    for (char c : f) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

std::string read_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error(Errc::io, path + ": cannot open: " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw Error(Errc::io, path + ": not a regular file");
    }
    std::string s;
    s.resize(static_cast<std::size_t>(st.st_size));
    std::size_t got = 0;
    while (got < s.size()) {
        const ssize_t r = ::read(fd, s.data() + got, s.size() - got);
        if (r < 0) {
            if (errno == EINTR) continue;
            ::close(fd);
            throw Error(Errc::io, path + ": read error: " + std::strerror(errno));
        }
        if (r == 0) break;
        got += static_cast<std::size_t>(r);
    }
    ::close(fd);
    s.resize(got);
    return s;
}

namespace detail {
void (*write_atomic_before_rename)(const std::string& temp_path) = nullptr;
} // namespace detail

void write_file_atomic(const std::string& path, std::string_view content) {
    write_file_atomic(path, [content](const std::function<void(std::string_view)>& write) { write(content); });
}

void write_file_atomic(const std::string& path,
                       const std::function<void(const std::function<void(std::string_view)>&)>& produce) {
    const std::filesystem::path target(path);
    // A unique temporary name per call (mkstemp): two writers of the same path never
    // share (and truncate) one temporary file.
    std::string tmp = (target.parent_path() / ("." + target.filename().string() + ".tmp.XXXXXX")).string();
    const int fd = ::mkostemp(tmp.data(), O_CLOEXEC);
    if (fd < 0) throw Error(Errc::io, tmp + ": cannot create: " + std::strerror(errno));
    ::fchmod(fd, 0644);
    auto put = [&](std::string_view content) {
        std::size_t done = 0;
        while (done < content.size()) {
            const ssize_t w = ::write(fd, content.data() + done, content.size() - done);
            if (w < 0) {
                if (errno == EINTR) continue;
                throw Error(Errc::io, tmp + ": write error: " + std::strerror(errno));
            }
            done += static_cast<std::size_t>(w);
        }
    };
    try {
        produce(put);
    } catch (...) {
        ::close(fd);
        ::unlink(tmp.c_str());
        throw;
    }
    if (::fsync(fd) != 0) {
        ::close(fd);
        ::unlink(tmp.c_str());
        throw Error(Errc::io, tmp + ": cannot flush to disk");
    }
    if (::close(fd) != 0) {
        ::unlink(tmp.c_str());
        throw Error(Errc::io, tmp + ": cannot flush to disk");
    }
    if (detail::write_atomic_before_rename) detail::write_atomic_before_rename(tmp);
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        const int e = errno;
        ::unlink(tmp.c_str());
        throw Error(Errc::io, path + ": cannot replace: " + std::strerror(e));
    }
    // A stale temporary file under the former fixed name (".<name>.tmp", left by a
    // crash) is removed once a complete version is in place; no writer uses that name.
    ::unlink((target.parent_path() / ("." + target.filename().string() + ".tmp")).c_str());
    // Make the rename durable.
    const std::string dir = target.parent_path().empty() ? "." : target.parent_path().string();
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

std::size_t find_invalid_text(std::string_view s, std::size_t i) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    while (i < n) {
        const unsigned c = p[i];
        if (c >= 0x01 && c < 0x80) {
            ++i;
            continue;
        }
        if (c == 0) return i;
        std::size_t len;
        unsigned lo = 0x80, hi = 0xBF; // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) len = 2;
        else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;      // no overlong
            else if (c == 0xED) hi = 0x9F; // no surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) lo = 0x90;      // no overlong
            else if (c == 0xF4) hi = 0x8F; // ≤ U+10FFFF
        } else {
            return i;
        }
        if (i + len > n) return i;
        if (p[i + 1] < lo || p[i + 1] > hi) return i;
        for (std::size_t k = 2; k < len; ++k)
            if (p[i + k] < 0x80 || p[i + k] > 0xBF) return i;
        i += len;
    }
    return std::string_view::npos;
}

DSOCORE_END_NAMESPACE
