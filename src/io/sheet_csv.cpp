// CSV/TXT row source: RFC 4180 with a chosen separator and quote, raw records kept.
#include <array>
#include <deque>

#include "dsocore/io/sheet.hpp"

DSOCORE_BEGIN_NAMESPACE

namespace {

class CsvSource final : public RowSource {
public:
    CsvSource(std::string buf, char sep, char quote) : buf_(std::move(buf)), sep_(sep), quote_(quote) {
        stop_[static_cast<unsigned char>(sep_)] = stop_['\n'] = stop_['\r'] = true;
    }

    bool next(SourceRow& row) override {
        row.cells.clear();
        row.error.clear();
        used_ = 0;
        const char* const d = buf_.data();
        const std::size_t n = buf_.size();
        while (pos_ < n && (d[pos_] == '\n' || d[pos_] == '\r')) {
            if (d[pos_] == '\r' && pos_ + 1 < n && d[pos_ + 1] == '\n') ++pos_;
            ++pos_;
            ++line_;
        }
        if (pos_ >= n) return false;
        row.line = line_;
        const std::size_t start = pos_;
        std::size_t p = pos_;
        for (;;) {
            if (quote_ && p < n && d[p] == quote_) {
                std::size_t r = p + 1;
                bool doubled = false;
                for (;;) {
                    if (r >= n) {
                        row.error = "unterminated quoted field";
                        row.raw = std::string_view(d + start, n - start);
                        pos_ = n;
                        return true;
                    }
                    if (d[r] == quote_) {
                        if (r + 1 < n && d[r + 1] == quote_) {
                            doubled = true;
                            r += 2;
                            continue;
                        }
                        break;
                    }
                    if (d[r] == '\n' || (d[r] == '\r' && !(r + 1 < n && d[r + 1] == '\n'))) ++line_;
                    ++r;
                }
                std::string_view v(d + p + 1, r - p - 1);
                if (doubled) {
                    std::string& s = scratch();
                    for (std::size_t k = 0; k < v.size(); ++k) {
                        s.push_back(v[k]);
                        if (v[k] == quote_) ++k;
                    }
                    v = s;
                }
                row.cells.push_back(Cell{v, CellKind::text});
                p = r + 1;
                if (p < n && d[p] != sep_ && d[p] != '\n' && d[p] != '\r') {
                    row.error = std::string("unexpected character '") + d[p] + "' after a closing quote";
                    while (p < n && d[p] != '\n' && d[p] != '\r') ++p;
                }
            } else {
                const std::size_t b = p;
                while (p < n && !stop_[static_cast<unsigned char>(d[p])]) ++p;
                row.cells.push_back(Cell{std::string_view(d + b, p - b), CellKind::text});
            }
            if (p < n && d[p] == sep_) {
                ++p;
                continue;
            }
            row.raw = std::string_view(d + start, p - start);
            if (p < n) {
                if (d[p] == '\r' && p + 1 < n && d[p + 1] == '\n') ++p;
                ++p;
                ++line_;
            }
            pos_ = p;
            return true;
        }
    }

    std::string_view buffer() const override { return buf_; }

private:
    std::string& scratch() {
        if (used_ == pool_.size()) pool_.emplace_back();
        std::string& s = pool_[used_++];
        s.clear();
        return s;
    }
    std::string buf_;
    char sep_, quote_;
    std::array<bool, 256> stop_{}; ///< separator, CR, LF: where an unquoted field ends
    std::size_t pos_ = 0;
    std::int64_t line_ = 1;
    std::deque<std::string> pool_;
    std::size_t used_ = 0;
};

} // namespace

std::unique_ptr<RowSource> open_csv_source(std::string utf8, char separator, char quote) {
    return std::make_unique<CsvSource>(std::move(utf8), separator, quote);
}

DSOCORE_END_NAMESPACE
