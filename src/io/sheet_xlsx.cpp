// XLSX row source: libzip for the package, expat for the XML parts.
#include <expat.h>
#include <zip.h>

#include <charconv>
#include <map>

#include "dsocore/core/error.hpp"
#include "dsocore/io/parse.hpp"
#include "grid.hpp"

DSOCORE_BEGIN_NAMESPACE

bool excel_builtin_is_date(int id) {
    return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

bool excel_format_is_date(std::string_view code) {
    bool in_quote = false, in_bracket = false;
    for (std::size_t i = 0; i < code.size(); ++i) {
        const char c = code[i];
        if (in_quote) {
            in_quote = c != '"';
            continue;
        }
        if (in_bracket) {
            in_bracket = c != ']';
            continue;
        }
        if (c == '"') in_quote = true;
        else if (c == '[') in_bracket = true;
        else if (c == '\\' || c == '_' || c == '*') ++i;
        else if (c == 'd' || c == 'D' || c == 'y' || c == 'Y') return true;
    }
    return false;
}

namespace {

struct Zip {
    zip_t* z = nullptr;
    std::string path;
    ~Zip() {
        if (z) zip_discard(z);
    }
    bool has(const std::string& name) const { return zip_name_locate(z, name.c_str(), 0) >= 0; }
    std::string read(const std::string& name) const {
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat(z, name.c_str(), 0, &st) != 0) throw Error(Errc::data, path + ": not an XLSX workbook (no " + name + ")");
        zip_file_t* f = zip_fopen(z, name.c_str(), 0);
        if (!f) throw Error(Errc::data, path + ": cannot open " + name + " in the workbook");
        std::string out;
        out.resize(static_cast<std::size_t>(st.size));
        std::size_t got = 0;
        while (got < out.size()) {
            const zip_int64_t r = zip_fread(f, out.data() + got, out.size() - got);
            if (r <= 0) break;
            got += static_cast<std::size_t>(r);
        }
        zip_fclose(f);
        if (got != out.size()) throw Error(Errc::data, path + ": " + name + " is damaged in the workbook");
        return out;
    }
};

/// Runs expat over `xml` with start/end/text callbacks on a handler object.
template <class H>
void parse_xml(const std::string& xml, H& h, const std::string& what) {
    XML_Parser p = XML_ParserCreate("UTF-8");
    XML_SetUserData(p, &h);
    XML_SetElementHandler(
        p,
        [](void* u, const XML_Char* name, const XML_Char** atts) { static_cast<H*>(u)->start(name, atts); },
        [](void* u, const XML_Char* name) { static_cast<H*>(u)->end(name); });
    XML_SetCharacterDataHandler(p, [](void* u, const XML_Char* s, int len) {
        static_cast<H*>(u)->text(std::string_view(s, static_cast<std::size_t>(len)));
    });
    const bool ok = XML_Parse(p, xml.data(), static_cast<int>(xml.size()), 1) == XML_STATUS_OK;
    std::string err;
    if (!ok)
        err = what + ": XML error at line " + std::to_string(XML_GetCurrentLineNumber(p)) + ": " +
              XML_ErrorString(XML_GetErrorCode(p));
    XML_ParserFree(p);
    if (!ok) throw Error(Errc::data, err);
}

/// Local name without a namespace prefix.
std::string_view local(const XML_Char* n) {
    std::string_view s(n);
    const auto c = s.rfind(':');
    return c == std::string_view::npos ? s : s.substr(c + 1);
}
const char* attr(const XML_Char** a, std::string_view name) {
    for (; *a; a += 2)
        if (local(a[0]) == name) return a[1];
    return nullptr;
}
const char* attr_exact(const XML_Char** a, std::string_view name) {
    for (; *a; a += 2)
        if (std::string_view(a[0]) == name) return a[1];
    return nullptr;
}

struct WorkbookH {
    std::vector<std::pair<std::string, std::string>> sheets; // name, rel id
    void start(const XML_Char* n, const XML_Char** a) {
        if (local(n) == "sheet") {
            const char* nm = attr(a, "name");
            const char* id = nullptr;
            for (const XML_Char** p = a; *p; p += 2) {
                std::string_view k(p[0]);
                if (k.size() > 3 && k.substr(k.size() - 3) == ":id") id = p[1];
            }
            sheets.emplace_back(nm ? nm : "", id ? id : "");
        }
    }
    void end(const XML_Char*) {}
    void text(std::string_view) {}
};

struct RelsH {
    std::map<std::string, std::string> target;
    void start(const XML_Char* n, const XML_Char** a) {
        if (local(n) == "Relationship") {
            const char* id = attr(a, "Id");
            const char* t = attr(a, "Target");
            if (id && t) target[id] = t;
        }
    }
    void end(const XML_Char*) {}
    void text(std::string_view) {}
};

struct SharedH {
    std::vector<std::string> strings;
    int depth_si = 0, depth_rph = 0;
    bool in_t = false;
    void start(const XML_Char* n, const XML_Char**) {
        const auto l = local(n);
        if (l == "si") {
            ++depth_si;
            strings.emplace_back();
        } else if (l == "rPh") ++depth_rph;
        else if (l == "t") in_t = true;
    }
    void end(const XML_Char* n) {
        const auto l = local(n);
        if (l == "si") --depth_si;
        else if (l == "rPh") --depth_rph;
        else if (l == "t") in_t = false;
    }
    void text(std::string_view s) {
        if (in_t && depth_si > 0 && depth_rph == 0) strings.back().append(s);
    }
};

struct StylesH {
    std::map<int, std::string> custom;
    std::vector<int> xf_numfmt;
    bool in_cellxfs = false;
    void start(const XML_Char* n, const XML_Char** a) {
        const auto l = local(n);
        if (l == "numFmt") {
            const char* id = attr(a, "numFmtId");
            const char* code = attr(a, "formatCode");
            if (id && code) custom[std::atoi(id)] = code;
        } else if (l == "cellXfs") {
            in_cellxfs = true;
        } else if (l == "xf" && in_cellxfs) {
            const char* id = attr(a, "numFmtId");
            xf_numfmt.push_back(id ? std::atoi(id) : 0);
        }
    }
    void end(const XML_Char* n) {
        if (local(n) == "cellXfs") in_cellxfs = false;
    }
    void text(std::string_view) {}
    bool is_date_style(std::size_t s) const {
        if (s >= xf_numfmt.size()) return false;
        const int id = xf_numfmt[s];
        if (auto it = custom.find(id); it != custom.end()) return excel_format_is_date(it->second);
        return excel_builtin_is_date(id);
    }
};

struct SheetH {
    const std::vector<std::string>* shared;
    const StylesH* styles;
    std::string path;
    std::vector<detail::GridRow> rows;
    std::int64_t next_row = 1;
    std::size_t next_col = 0;
    // current cell
    bool in_cell = false, in_v = false, in_is_t = false, in_is = false;
    std::string type;
    std::size_t style = 0, col = 0;
    std::string v, inl;

    static std::size_t col_of(const char* ref, std::size_t fallback) {
        if (!ref) return fallback;
        std::size_t c = 0;
        bool any = false;
        for (const char* p = ref; *p >= 'A' && *p <= 'Z'; ++p) {
            c = c * 26 + static_cast<std::size_t>(*p - 'A' + 1);
            any = true;
        }
        return any ? c - 1 : fallback;
    }
    void start(const XML_Char* n, const XML_Char** a) {
        const auto l = local(n);
        if (l == "row") {
            detail::GridRow g;
            const char* r = attr_exact(a, "r");
            g.line = r ? std::atoll(r) : next_row;
            next_row = g.line + 1;
            next_col = 0;
            rows.push_back(std::move(g));
        } else if (l == "c") {
            in_cell = true;
            const char* t = attr_exact(a, "t");
            type = t ? t : "n";
            const char* s = attr_exact(a, "s");
            style = s ? static_cast<std::size_t>(std::atoll(s)) : 0;
            col = col_of(attr_exact(a, "r"), next_col);
            next_col = col + 1;
            v.clear();
            inl.clear();
        } else if (l == "v" && in_cell) {
            in_v = true;
        } else if (l == "is" && in_cell) {
            in_is = true;
        } else if (l == "t" && in_is) {
            in_is_t = true;
        }
    }
    void end(const XML_Char* n) {
        const auto l = local(n);
        if (l == "v") in_v = false;
        else if (l == "t") in_is_t = false;
        else if (l == "is") in_is = false;
        else if (l == "c" && in_cell) {
            in_cell = false;
            finish_cell();
        }
    }
    void text(std::string_view s) {
        if (in_v) v.append(s);
        else if (in_is_t) inl.append(s);
    }
    void finish_cell() {
        if (rows.empty()) return;
        detail::GridRow& g = rows.back();
        const std::string where = path + ": row " + std::to_string(g.line);
        if (type == "s") {
            std::size_t k = 0;
            const auto r = std::from_chars(v.data(), v.data() + v.size(), k);
            if (r.ec != std::errc() || k >= shared->size()) throw Error(Errc::data, where + ": bad shared string index '" + v + "'");
            g.set(col, (*shared)[k], CellKind::text);
        } else if (type == "inlineStr") {
            g.set(col, inl, CellKind::text);
        } else if (type == "str" || type == "e") {
            g.set(col, v, CellKind::text);
        } else if (type == "b") {
            g.set(col, v == "1" ? "TRUE" : "FALSE", CellKind::text);
        } else if (type == "d") {
            g.set(col, v.substr(0, 10), CellKind::date);
        } else { // "n"
            if (v.empty()) return;
            double d = 0;
            const auto r = std::from_chars(v.data(), v.data() + v.size(), d);
            if (r.ec != std::errc() || r.ptr != v.data() + v.size()) {
                g.set(col, v, CellKind::text);
                return;
            }
            if (styles->is_date_style(style)) {
                const double fl = d < 0 ? d : static_cast<double>(static_cast<std::int64_t>(d));
                if (auto date = excel_serial_date(static_cast<std::int64_t>(fl))) {
                    g.set(col, date->to_string(), CellKind::date);
                    return;
                }
            }
            g.set(col, shortest_decimal(d), CellKind::number);
        }
    }
};

std::string resolve_target(const std::string& t) {
    if (!t.empty() && t[0] == '/') return t.substr(1);
    return "xl/" + t;
}

} // namespace

std::unique_ptr<RowSource> open_xlsx_source(const std::string& path, const std::string& sheet, int sheet_index) {
    Zip z;
    z.path = path;
    int err = 0;
    z.z = zip_open(path.c_str(), ZIP_RDONLY, &err);
    if (!z.z) throw Error(Errc::data, path + ": cannot open as an XLSX workbook (zip error " + std::to_string(err) + ")");
    WorkbookH wb;
    parse_xml(z.read("xl/workbook.xml"), wb, path + ": xl/workbook.xml");
    RelsH rels;
    parse_xml(z.read("xl/_rels/workbook.xml.rels"), rels, path + ": workbook relationships");
    if (wb.sheets.empty()) throw Error(Errc::data, path + ": the workbook has no worksheet");
    int chosen = -1;
    std::string names;
    for (std::size_t i = 0; i < wb.sheets.size(); ++i) {
        names += (names.empty() ? "" : ", ") + wb.sheets[i].first;
        if (!sheet.empty() && wb.sheets[i].first == sheet) chosen = static_cast<int>(i);
    }
    if (sheet.empty()) chosen = sheet_index > 0 ? sheet_index - 1 : 0;
    if (chosen < 0 || chosen >= static_cast<int>(wb.sheets.size()))
        throw Error(Errc::not_found, path + ": no sheet " + (sheet.empty() ? "number " + std::to_string(sheet_index) : "'" + sheet + "'") +
                                         "; the workbook has " + names);
    const auto rel = rels.target.find(wb.sheets[static_cast<std::size_t>(chosen)].second);
    if (rel == rels.target.end()) throw Error(Errc::data, path + ": sheet '" + wb.sheets[static_cast<std::size_t>(chosen)].first + "' has no part");
    SharedH shared;
    if (z.has("xl/sharedStrings.xml")) parse_xml(z.read("xl/sharedStrings.xml"), shared, path + ": shared strings");
    StylesH styles;
    if (z.has("xl/styles.xml")) parse_xml(z.read("xl/styles.xml"), styles, path + ": styles");
    SheetH sh;
    sh.shared = &shared.strings;
    sh.styles = &styles;
    sh.path = path;
    const std::string part = resolve_target(rel->second);
    parse_xml(z.read(part), sh, path + ": " + part);
    return std::make_unique<detail::GridSource>(std::move(sh.rows));
}

DSOCORE_END_NAMESPACE
