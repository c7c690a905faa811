// Sequences of C ABI calls (include/dsocore/dsocore.h). The bytes are a little program:
// each step picks a function and its arguments — live handles, NULL, indices in and
// out of range, fuzzed strings (names, dates, --where text, a fuzzed data file) — from
// the stream. A handle that was destroyed is never passed again (its slot is cleared),
// as the header demands of a caller. Every call must return a pinned status code, never
// DSO_EINTERNAL, agree with dso_context_errcode/errmsg, clear its out-pointer when it
// fails; at the end every handle is destroyed (LeakSanitizer checks that nothing leaked).
// The writing calls (act, ignore, import, assign and its undo, the limit workflow,
// exports, snapshots) work in a scratch copy of the data directory, made afresh for each
// input; a writing call that fails (or an import not applied, or a dry run) must leave
// every file of that directory as it was: all or nothing.
//
// bindings/c/dsocore_c.cpp is compiled into the fuzz binary (and into the replay test):
// the same extern "C" code as libdsocore_c.so, instrumented for coverage.
#include <array>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "dsocore/dsocore.h"
#include "fuzz/fuzz.hpp"

namespace {

namespace fs = std::filesystem;

const char* const kCustomers = "customer_id,name,currency\nC1,Alpha,EUR\nC2,Beta,USD\n";
const char* const kItems = "item_id,customer_id,type,issue_date,due_date,amount,open_amount,status\n"
                           "I1,C1,invoice,2026-05-01,2026-05-31,100.00,,\n"
                           "I2,C1,invoice,2026-06-20,2026-07-20,50.50,,dispute:price\n"
                           "I3,C2,invoice,2026-03-01,2026-03-31,200.00,120.00,\n"
                           "I4,C2,credit_note,2026-04-15,2026-05-15,-20.00,,\n";
const char* const kFx = "date,currency,rate\n2026-01-01,USD,0.9\n";
const char* const kCompany = R"({"name": "Fuzz SA", "base_currency": "EUR"})";

/// This process's scratch root: data/ (the read-only data directory), w/ (the copy the
/// writing calls change), input files. Removed at exit.
const std::string& root_dir() {
    static const std::string dir = (fs::temp_directory_path() / ("dsocore_fuzz_capi_" + std::to_string(::getpid()))).string();
    // Registered once `dir` is constructed, so it runs before `dir` is destroyed.
    static const bool cleanup = [] { // libFuzzer ends with exit(): remove the scratch files then
        std::atexit([] {
            std::error_code ec;
            fs::remove_all(fs::path(dir), ec);
        });
        return true;
    }();
    (void)cleanup;
    return dir;
}

/// A data directory on disk for dso_ledger_load / dso_ledger_validate, written once.
const std::string& data_dir() {
    static const std::string dir = [] {
        const fs::path d = fs::path(root_dir()) / "data";
        fs::create_directories(d);
        for (const auto& [name, text] : {std::pair{"customers.csv", kCustomers}, std::pair{"items.csv", kItems},
                                         std::pair{"fx.csv", kFx}, std::pair{"company.json", kCompany}}) {
            std::ofstream f(d / name, std::ios::binary);
            f << text;
        }
        return d.string();
    }();
    return dir;
}

using Files = std::map<std::string, std::string>;

/// Every regular file under `dir` (relative path → bytes), for the all-or-nothing checks.
/// The files that differ between two trees, for the messages.
std::string changed_files(const Files& a, const Files& b) {
    std::string out;
    for (const auto& [k, v] : a)
        if (!b.count(k) || b.at(k) != v) out += " " + k + (b.count(k) ? " (changed)" : " (removed)");
    for (const auto& [k, v] : b)
        if (!a.count(k)) out += " " + k + " (added)";
    return out;
}

Files read_tree(const fs::path& dir) {
    Files out;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        // The writers' lock file (docs/architecture.md) is created at the first write
        // and kept: it holds no data.
        if (!it->is_regular_file(ec) || it->path().filename() == ".dsocore.lock") continue;
        std::ifstream f(it->path(), std::ios::binary);
        std::ostringstream b;
        b << f.rdbuf();
        out[fs::relative(it->path(), dir, ec).generic_string()] = b.str();
    }
    return out;
}

/// The scratch copy of the data directory for the writing calls (reset per input).
const std::string& scratch_dir() {
    static const std::string dir = root_dir() + "/w";
    return dir;
}

void reset_scratch() {
    std::error_code ec;
    fs::remove_all(scratch_dir(), ec);
    fs::create_directories(scratch_dir());
    for (const auto& [name, text] : {std::pair{"customers.csv", kCustomers}, std::pair{"items.csv", kItems},
                                     std::pair{"fx.csv", kFx}, std::pair{"company.json", kCompany}}) {
        std::ofstream f(fs::path(scratch_dir()) / name, std::ios::binary);
        f << text;
    }
}

class Stream {
public:
    Stream(const std::uint8_t* d, std::size_t n) : d_(d), n_(n) {}
    bool done() const { return i_ >= n_; }
    std::uint8_t u8() { return i_ < n_ ? d_[i_++] : 0; }
    std::size_t pick(std::size_t n) { return n ? u8() % n : 0; }
    /// A string of up to 255 bytes (a length byte, then the bytes; a NUL ends it early
    /// as it would in C).
    std::string str() {
        std::size_t len = u8();
        std::string s;
        while (len-- && i_ < n_) s.push_back(static_cast<char>(d_[i_++]));
        return s;
    }
    /// An index: small, the exact bound, just past it, or huge.
    std::size_t index(std::size_t bound) {
        switch (pick(5)) {
        case 0: return bound;
        case 1: return bound + 1;
        case 2: return static_cast<std::size_t>(-1);
        default: return bound ? u8() % bound : u8();
        }
    }

private:
    const std::uint8_t* d_;
    std::size_t n_;
    std::size_t i_ = 0;
};

bool pinned(int st) { return (st >= DSO_OK && st <= DSO_EPERMISSION) || st == DSO_EINTERNAL; }

/// The status contract of one call made with `ctx` (may be NULL).
void check_status(int st, const dso_context* ctx, const char* fn) {
    FUZZ_CHECK(pinned(st), std::string(fn) + " returned an unpinned status " + std::to_string(st));
    const char* msg = dso_context_errmsg(ctx);
    FUZZ_CHECK(msg != nullptr, std::string(fn) + ": errmsg is NULL");
    FUZZ_CHECK(st != DSO_EINTERNAL, std::string(fn) + " reported an internal error: " + msg);
    FUZZ_CHECK(std::strcmp(dso_status_name(st), "DSO_UNKNOWN") != 0, "status without a name");
    if (ctx || st != DSO_OK) {
        // A NULL context keeps only failures in the thread-local slot.
        FUZZ_CHECK(dso_context_errcode(ctx) == st, std::string(fn) + ": errcode disagrees with the status");
        FUZZ_CHECK((st == DSO_OK) == (msg[0] == '\0'), std::string(fn) + ": message '" + msg + "' with status " +
                                                              dso_status_name(st));
    }
}

struct Program {
    std::array<dso_context*, 3> ctx{};
    std::array<dso_ledger*, 3> led{};
    std::array<dso_table*, 4> tab{};
    std::array<dso_buffer, 2> buf{};
    std::deque<std::string> keep; // strings whose c_str() a call may hold (stable addresses)
    dso_context* probe = nullptr;  // for the checks, never given to the fuzzed calls

    Program() { FUZZ_CHECK(dso_context_create(&probe) == DSO_OK && probe, "dso_context_create"); }

    ~Program() {
        for (auto* t : tab) dso_table_destroy(t);
        for (auto* l : led) dso_ledger_destroy(l);
        for (auto* c : ctx) dso_context_destroy(c);
        for (auto& b : buf) dso_buffer_dispose(&b);
        dso_context_destroy(probe);
    }

    dso_context* any_ctx(Stream& s) { return s.pick(5) == 0 ? nullptr : ctx[s.pick(ctx.size())]; }
    const char* text(Stream& s, std::initializer_list<const char*> fixed) {
        const std::size_t k = s.pick(fixed.size() + 2);
        if (k == fixed.size()) return nullptr;
        if (k == fixed.size() + 1) {
            keep.push_back(s.str());
            return keep.back().c_str();
        }
        return fixed.begin()[k];
    }
    const char* date(Stream& s) {
        return text(s, {"2026-06-30", "2026-01-01", "2026-02-30", "9999-12-31", "1400-01-01", "", "30/06/2026"});
    }

    /// A create call into slot `p`: the previous handle there is destroyed first.
    template <class H, class F>
    void create(H*& p, void (*destroy)(H*), dso_context* c, const char* fn, F&& call) {
        destroy(p);
        p = nullptr;
        H* out = reinterpret_cast<H*>(std::uintptr_t{0x1}); // must be overwritten
        const int st = call(&out);
        check_status(st, c, fn);
        if (st == DSO_OK) {
            FUZZ_CHECK(out != nullptr, std::string(fn) + ": DSO_OK without a handle");
            p = out;
        } else if (c) {
            // With a NULL context the call returns before touching anything (documented
            // in docs/robustness.md); with a context a failure clears *out.
            FUZZ_CHECK(out == nullptr, std::string(fn) + " failed but left its out-pointer set");
        }
    }

    void load_sources(Stream& s) {
        dso_context* c = any_ctx(s);
        std::vector<const char*> names = {"customers.csv", "items.csv", "fx.csv", "company.json"};
        std::vector<const char*> texts = {kCustomers, kItems, kFx, kCompany};
        switch (s.pick(6)) {
        case 0: break;                                // the valid portfolio
        case 1: {                                     // one file replaced by fuzzed text
            const std::size_t k = s.pick(names.size());
            keep.push_back(s.str());
            texts[k] = keep.back().c_str();
            break;
        }
        case 2: names[s.pick(names.size())] = nullptr; break;
        case 3: texts[s.pick(texts.size())] = nullptr; break;
        case 4: names[1] = names[0]; break;           // a file given twice
        default: {                                    // an unknown or hostile file name
            keep.push_back(s.str());
            names[s.pick(names.size())] = keep.back().c_str();
        }
        }
        std::size_t count = s.pick(names.size() + 1);
        const bool null_arrays = s.pick(8) == 0;
        create(led[s.pick(led.size())], dso_ledger_destroy, c, "dso_ledger_load_sources", [&](dso_ledger** out) {
            return dso_ledger_load_sources(c, count, null_arrays ? nullptr : names.data(),
                                           null_arrays ? nullptr : texts.data(), out);
        });
    }

    dso_table** table_slot(Stream& s) { return &tab[s.pick(tab.size())]; }

    bool scratch_ready = false;
    /// The scratch directory, copied afresh at the first writing call of this input.
    const char* scratch() {
        if (!scratch_ready) reset_scratch();
        scratch_ready = true;
        return scratch_dir().c_str();
    }
    /// A directory argument for a writing call: mostly the scratch copy.
    const char* write_dir(Stream& s) {
        switch (s.pick(8)) {
        case 0: return nullptr;
        case 1: return "/nonexistent/dsocore";
        case 2: return "";
        default: return scratch();
        }
    }
    /// Runs a writing call; when it fails (`kept` true: or succeeds without changing
    /// anything, as a dry run) every file of the scratch directory must be unchanged.
    template <class F>
    int write_call(dso_context* c, const char* fn, F&& call, bool (*kept)(int) = nullptr) {
        const Files before = scratch_ready ? read_tree(scratch_dir()) : Files{};
        const int st = call();
        check_status(st, c, fn);
        if (scratch_ready && (st != DSO_OK || (kept && kept(st)))) {
            const Files after = read_tree(scratch_dir());
            FUZZ_CHECK(after == before, std::string(fn) + (st == DSO_OK ? " (dry run)" : " failed (") +
                                            (st == DSO_OK ? "" : std::string(dso_status_name(st)) + ")") +
                                            " but changed the data directory:" + changed_files(before, after));
        }
        return st;
    }
    const char* customer(Stream& s) { return text(s, {"C1", "C2", "MAIN:C1", "C9", "XX:C1", ":", ""}); }
    const char* role(Stream& s) { return text(s, {"admin", "credit_manager", "collector", "sales", "boss"}); }
    const char* user(Stream& s) { return text(s, {"alice", "bob", ""}); }
    const char* where(Stream& s) {
        return text(s, {"balance > 100", "currency = 'EUR'", "customer_id = 'C1'", "(", "nonsense = 1", ""});
    }

    void render(Stream& s) {
        dso_context* c = any_ctx(s);
        const dso_ledger* l = led[s.pick(led.size())];
        dso_render_options o = DSO_RENDER_OPTIONS_INIT;
        if (s.pick(6) == 0) o.version = s.u8();
        o.scenario = s.pick(2) ? nullptr : text(s, {"standard", "nonsense"});
        dso_message* m = reinterpret_cast<dso_message*>(std::uintptr_t{0x1});
        const int st = dso_render(c, l, date(s), customer(s), text(s, {"reminder1", "call1", "nonsense", ""}),
                                  s.pick(3) ? &o : nullptr, s.pick(10) == 0 ? nullptr : &m);
        check_status(st, c, "dso_render");
        if (st != DSO_OK) {
            if (c) FUZZ_CHECK(m == nullptr || m == reinterpret_cast<dso_message*>(std::uintptr_t{0x1}),
                              "dso_render failed but set a message");
            return;
        }
        for (int part = 0; part <= 9; ++part)
            FUZZ_CHECK(dso_message_get(m, static_cast<dso_message_part>(part)) != nullptr, "message part NULL");
        int enc = -1;
        std::size_t chars = 0, units = 0, segs = 0;
        (void)dso_message_sms(m, s.pick(2) ? &enc : nullptr, &chars, &units, &segs);
        dso_message_destroy(m);
    }

    void act_or_ignore(Stream& s) {
        dso_context* c = any_ctx(s);
        const char* dir = write_dir(s);
        std::vector<const char*> ids;
        for (std::size_t k = s.pick(3); k--;) ids.push_back(text(s, {"I1", "I2", "I3", "I9", ""}));
        const bool null_ids = !ids.empty() && s.pick(8) == 0;
        if (s.pick(3)) {
            dso_action a = DSO_ACTION_INIT;
            if (s.pick(8) == 0) a.version = s.u8();
            a.date = date(s);
            a.customer = customer(s);
            a.step = text(s, {"reminder1", "call1", "nonsense"});
            a.channel = text(s, {"email", "sms", "letter", "call", "task", "fax"});
            a.item_count = ids.size();
            a.item_ids = null_ids ? nullptr : ids.data();
            a.user = user(s);
            a.outcome = text(s, {"promise", "", "a,b\n\"c\""});
            a.comment = text(s, {"called", "=cmd|' /C calc'!A0", ""});
            dso_buffer id = DSO_BUFFER_INIT, line = DSO_BUFFER_INIT;
            write_call(c, "dso_act", [&] {
                return dso_act(c, dir, s.pick(10) == 0 ? nullptr : &a, s.pick(2) ? &id : nullptr, s.pick(2) ? &line : nullptr);
            });
            dso_buffer_dispose(&id);
            dso_buffer_dispose(&line);
        } else {
            std::size_t changed = 0;
            write_call(c, "dso_ignore_items", [&] {
                return dso_ignore_items(c, dir, date(s), customer(s), ids.size(), null_ids ? nullptr : ids.data(),
                                        s.pick(2) ? &changed : nullptr);
            });
        }
    }

    void import(Stream& s) {
        dso_context* c = any_ctx(s);
        const char* dir = write_dir(s);
        // The input: a fuzzed file beside the scratch directory, or a missing one.
        const std::string input = root_dir() + "/input.csv";
        {
            std::ofstream f(input, std::ios::binary | std::ios::trunc);
            switch (s.pick(3)) {
            case 0: f << "item_id,customer_id,type,issue_date,due_date,amount\nI9,C1,invoice,2026-06-01,2026-07-01,9.99\n"; break;
            case 1: f << "item_id,customer_id,type,issue_date,due_date,amount\n" << s.str(); break;
            default: f << s.str();
            }
        }
        dso_import_options o = DSO_IMPORT_OPTIONS_INIT;
        if (s.pick(8) == 0) o.version = s.u8();
        o.kind = text(s, {"items", "customers", "allocations", "fx", "nonsense"});
        o.profile_json = s.pick(3) ? nullptr
                                   : text(s, {R"({"kind": "items", "separator": ";", "decimal_separator": ","})", "{", "[]"});
        o.date = s.pick(2) ? "2026-06-30" : date(s);
        o.dry_run = static_cast<int>(s.pick(2));
        o.rejects_path = s.pick(2) ? nullptr : (keep.push_back(root_dir() + "/rejects.csv"), keep.back().c_str());
        dso_import_result* r = nullptr;
        const bool want_out = s.pick(10) != 0;
        const char* in = s.pick(8) == 0 ? text(s, {"/nonexistent/in.csv", ""}) : input.c_str();
        const Files before = scratch_ready ? read_tree(scratch_dir()) : Files{};
        const int st = write_call(c, "dso_import", [&] { return dso_import(c, dir, in, &o, want_out ? &r : nullptr); });
        if (st != DSO_OK || !r) return;
        const bool applied = dso_import_applied(r) == 1;
        if (scratch_ready && (!applied || o.dry_run)) {
            const Files after = read_tree(scratch_dir());
            FUZZ_CHECK(after == before,
                       "dso_import not applied (or a dry run) changed the directory:" + changed_files(before, after));
        }
        for (int k = 0; k <= 5; ++k) (void)dso_import_count(r, static_cast<dso_import_counter>(k));
        for (int k = 0; k <= 3; ++k) FUZZ_CHECK(dso_import_text(r, static_cast<dso_import_text_kind>(k)), "import text NULL");
        const std::size_t changes = dso_import_count(r, DSO_IMPORT_CHANGES);
        for (std::size_t k = 0; k < changes; ++k) FUZZ_CHECK(dso_import_change(r, k) != nullptr, "import change NULL");
        FUZZ_CHECK(dso_import_change(r, changes) == nullptr, "import change past the end");
        create(*table_slot(s), dso_table_destroy, c, "dso_import_rejects",
               [&](dso_table** out) { return dso_import_rejects(c, r, out); });
        dso_import_result_destroy(r);
    }

    void assign(Stream& s) {
        dso_context* c = any_ctx(s);
        const char* dir = write_dir(s);
        dso_assign_result res = DSO_ASSIGN_RESULT_INIT;
        if (s.pick(8) == 0) res.version = s.u8();
        if (s.pick(3)) {
            dso_assign_options o = DSO_ASSIGN_OPTIONS_INIT;
            if (s.pick(8) == 0) o.version = s.u8();
            o.where = where(s);
            o.field = text(s, {"scenario", "collector", "group_code", "custom_1", "custom_13", "name"});
            o.value = text(s, {"alice", "G1", "standard", "", "a\nb"});
            o.dry_run = static_cast<int>(s.pick(2));
            o.role = s.pick(2) ? nullptr : role(s);
            o.user = user(s);
            const bool dry = o.dry_run != 0;
            static bool (*const dry_kept)(int) = [](int) { return true; };
            write_call(
                c, "dso_assign",
                [&] {
                    return dso_assign(c, dir, date(s), s.pick(10) == 0 ? nullptr : &o, s.pick(3) ? &res : nullptr,
                                      s.pick(2) ? table_slot_cleared(s) : nullptr);
                },
                dry ? dry_kept : nullptr);
        } else {
            write_call(c, "dso_assign_undo",
                       [&] { return dso_assign_undo(c, dir, s.pick(2) ? role(s) : nullptr, user(s), s.pick(2) ? &res : nullptr); });
        }
    }
    /// A table slot emptied for a call that fills it (the previous table destroyed).
    dso_table** table_slot_cleared(Stream& s) {
        dso_table** t = table_slot(s);
        dso_table_destroy(*t);
        *t = nullptr;
        return t;
    }

    void limit(Stream& s) {
        dso_context* c = any_ctx(s);
        const char* dir = write_dir(s);
        dso_limit_options o = DSO_LIMIT_OPTIONS_INIT;
        if (s.pick(8) == 0) o.version = s.u8();
        o.role = role(s);
        o.user = user(s);
        o.customer = s.pick(4) ? customer(s) : nullptr;
        o.request_id = s.pick(3) ? 0 : static_cast<std::int8_t>(s.u8());
        o.amount = text(s, {"20000", "60000.50", "-1", "1e9", "99999999999999999999999", ""});
        o.comment = text(s, {"ok", ""});
        o.as_of = s.pick(2) ? "2026-06-30" : date(s);
        const dso_limit_options* op = s.pick(10) == 0 ? nullptr : &o;
        dso_table** out = s.pick(4) ? table_slot_cleared(s) : nullptr;
        switch (s.pick(5)) {
        case 0: write_call(c, "dso_limit_request", [&] { return dso_limit_request(c, dir, op, out); }); break;
        case 1: write_call(c, "dso_limit_approve", [&] { return dso_limit_approve(c, dir, op, out); }); break;
        case 2: write_call(c, "dso_limit_reject", [&] { return dso_limit_reject(c, dir, op, out); }); break;
        case 3: check_status(dso_limit_history(c, dir, op, out), c, "dso_limit_history"); break;
        default: check_status(dso_limit_requests(c, dir, op, out), c, "dso_limit_requests");
        }
    }

    void search_or_roles(Stream& s) {
        dso_context* c = any_ctx(s);
        if (s.pick(2)) {
            int allowed = -1;
            const int st = dso_role_allows(c, role(s), text(s, {"read", "assign_group", "approve_limit", "export_data", "nope"}),
                                           s.pick(8) == 0 ? nullptr : &allowed);
            check_status(st, c, "dso_role_allows");
            if (st == DSO_OK) FUZZ_CHECK(allowed == 0 || allowed == 1, "dso_role_allows: not 0/1");
            return;
        }
        dso_search_options o = DSO_SEARCH_OPTIONS_INIT;
        if (s.pick(8) == 0) o.version = s.u8();
        o.where = s.pick(3) ? where(s) : nullptr;
        o.base_currency = s.pick(2) ? nullptr : text(s, {"EUR", "USD", "XXX"});
        o.role = s.pick(2) ? nullptr : role(s);
        o.user = user(s);
        const dso_ledger* l = led[s.pick(led.size())];
        create(*table_slot(s), dso_table_destroy, c, "dso_search",
               [&](dso_table** out) { return dso_search(c, l, date(s), s.pick(8) == 0 ? nullptr : &o, out); });
    }

    /// Exports, table writes and snapshots: files under the scratch directory.
    void write_out(Stream& s) {
        dso_context* c = any_ctx(s);
        const std::string base = std::string(scratch()) + "/out";
        switch (s.pick(4)) {
        case 0: {
            dso_export_options o = DSO_EXPORT_OPTIONS_INIT;
            o.version = s.pick(3) ? DSO_EXPORT_OPTIONS_VERSION : s.u8();
            o.format = text(s, {"csv", "xlsx", "pdf"});
            o.canonical = static_cast<int>(s.pick(2));
            o.as_of = s.pick(2) ? nullptr : date(s);
            o.role = s.pick(2) ? nullptr : role(s);
            o.user = user(s);
            const std::string out = base + (o.format && std::strcmp(o.format, "xlsx") == 0 ? ".xlsx" : "");
            check_status(dso_export(c, led[s.pick(led.size())], out.c_str(), s.pick(6) == 0 ? nullptr : &o), c,
                         "dso_export");
            break;
        }
        case 1: {
            const std::string out = base + ".table";
            const dso_table* t = tab[s.pick(tab.size())];
            const char* format = text(s, {"csv", "json", "xlsx", "html"});
            if (s.pick(2))
                check_status(dso_table_write(c, t, format, out.c_str()), c, "dso_table_write");
            else
                check_status(dso_table_write_as(c, t, format, out.c_str(), s.pick(2) ? role(s) : nullptr, user(s)), c,
                             "dso_table_write_as");
            break;
        }
        default: {
            const std::string file = base + ".dsoc";
            const int st = dso_ledger_save_snapshot(c, led[s.pick(led.size())], s.pick(8) == 0 ? nullptr : file.c_str());
            check_status(st, c, "dso_ledger_save_snapshot");
            if (st != DSO_OK) break;
            FUZZ_CHECK(dso_is_snapshot(file.c_str()) == 1, "a saved snapshot is not a snapshot");
            if (s.pick(2)) { // a damaged copy must be refused, never read as garbage
                std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
                f.seekp(static_cast<std::streamoff>(s.u8()) * 7);
                f.put(static_cast<char>(s.u8() | 1));
            }
            dso_load_options o = DSO_LOAD_OPTIONS_INIT;
            create(led[s.pick(led.size())], dso_ledger_destroy, c, "dso_ledger_load_opts (snapshot)",
                   [&](dso_ledger** out) { return dso_ledger_load_opts(c, file.c_str(), &o, out); });
        }
        }
    }

    void report(Stream& s) {
        dso_context* c = any_ctx(s);
        const dso_ledger* l = led[s.pick(led.size())];
        const std::size_t n = dso_report_count();
        const char* name = s.pick(4) ? dso_report_name(s.pick(n + 1)) : text(s, {"aging", "", "AGING"});
        const char* as_of = date(s);
        dso_report_options o = DSO_REPORT_OPTIONS_INIT;
        std::vector<dso_option> opts;
        const bool with_opts = s.pick(2);
        if (with_opts) {
            if (s.pick(6) == 0) o.version = static_cast<unsigned>(s.u8());
            o.base_currency = text(s, {"EUR", "USD", "GBP", "XXX", "eur"});
            o.by = text(s, {"customer", "entity", "currency", "collector", "nonsense"});
            o.where = s.pick(2) ? nullptr : text(s, {"balance > 100", "currency = 'EUR'", "(", "customer_id ="});
            for (std::size_t k = s.pick(4); k--;)
                opts.push_back({text(s, {"buckets", "method", "period", "top", "window", "nonsense"}),
                                text(s, {"30,60,90", "countback", "6m", "10", "-1", "0,0", "99999999999999999999"})});
            o.option_count = opts.size();
            o.options = opts.empty() ? nullptr : opts.data();
            if (s.pick(10) == 0) o.options = nullptr;
        }
        create(*table_slot(s), dso_table_destroy, c, "dso_report", [&](dso_table** out) {
            return dso_report(c, l, name, as_of, with_opts ? &o : nullptr, out);
        });
    }

    void agenda_or_alerts(Stream& s) {
        dso_context* c = any_ctx(s);
        const dso_ledger* l = led[s.pick(led.size())];
        const char* as_of = date(s);
        if (s.pick(2)) {
            dso_agenda_options o = DSO_AGENDA_OPTIONS_INIT;
            const bool with = s.pick(2);
            if (with) {
                if (s.pick(6) == 0) o.version = s.u8();
                o.horizon_days = static_cast<std::int32_t>(static_cast<std::int8_t>(s.u8())) * (s.pick(4) ? 1 : 100000);
                o.base_currency = text(s, {"EUR", "USD", "XXX"});
            }
            create(*table_slot(s), dso_table_destroy, c, "dso_agenda",
                   [&](dso_table** out) { return dso_agenda(c, l, as_of, with ? &o : nullptr, out); });
        } else {
            dso_alerts_options o = DSO_ALERTS_OPTIONS_INIT;
            const bool with = s.pick(2);
            if (with) {
                if (s.pick(6) == 0) o.version = s.u8();
                o.not_dunned_days = static_cast<std::int8_t>(s.u8());
                o.declaration_days = static_cast<std::int8_t>(s.u8());
                o.base_currency = text(s, {"EUR", "GBP", "XXX"});
                o.rules = text(s, {"overdue_not_dunned", "declaration_due, ,", ",,,", "nonsense"});
            }
            create(*table_slot(s), dso_table_destroy, c, "dso_alerts",
                   [&](dso_table** out) { return dso_alerts(c, l, as_of, with ? &o : nullptr, out); });
        }
    }

    /// One of the table getters, with indices in and out of range and NULL outputs.
    void read_table(Stream& s) {
        dso_context* c = any_ctx(s);
        const dso_table* t = tab[s.pick(tab.size())];
        const std::size_t rows = dso_table_row_count(t), cols = dso_table_column_count(t);
        const std::size_t row = s.index(rows), col = s.index(cols);
        const bool null_out = s.pick(8) == 0;
        (void)dso_table_report(t);
        (void)dso_table_as_of(t);
        (void)dso_table_base_currency(t);
        dso_cell_type type = DSO_CELL_TEXT;
        std::int32_t scale = -1;
        int is_null = -1;
        const bool cell_ok = t && row < rows && col < cols;
        const bool type_ok = t && col < cols && dso_table_column_type(probe, t, col, &type, &scale) == DSO_OK;
        if (type_ok) {
            FUZZ_CHECK(type >= DSO_CELL_TEXT && type <= DSO_CELL_BOOLEAN, "column type out of the enum");
            FUZZ_CHECK(type == DSO_CELL_DECIMAL ? scale >= 0 && scale <= 18 : scale == 0, "column scale");
        }
        if (cell_ok) FUZZ_CHECK(dso_table_is_null(probe, t, row, col, &is_null) == DSO_OK && (is_null == 0 || is_null == 1),
                                "is_null on a cell in range");
        int st = DSO_OK;
        const char* fn = "";
        dso_cell_type want = DSO_CELL_TEXT;
        switch (s.pick(10)) {
        case 0: {
            const char* name = nullptr;
            st = dso_table_column_name(c, t, col, null_out ? nullptr : &name);
            fn = "dso_table_column_name";
            if (st == DSO_OK) {
                std::size_t back = 0;
                FUZZ_CHECK(name && dso_table_column_index(probe, t, name, &back) == DSO_OK && back <= col,
                           "column_index(column_name(col)) is not the first column of that name");
            }
            want = type;
            break;
        }
        case 1: {
            std::size_t k = 0;
            st = dso_table_column_index(c, t, text(s, {"customer_id", "total", "nonsense", ""}), null_out ? nullptr : &k);
            fn = "dso_table_column_index";
            if (st == DSO_OK) FUZZ_CHECK(k < cols, "column_index out of range");
            want = type;
            break;
        }
        case 2: {
            const char* p = nullptr;
            std::size_t len = 0;
            st = dso_table_get_text(c, t, row, col, null_out ? nullptr : &p, s.pick(2) ? &len : nullptr);
            fn = "dso_table_get_text";
            if (st == DSO_OK) FUZZ_CHECK(p != nullptr, "text cell without text");
            want = DSO_CELL_TEXT;
            break;
        }
        case 3: {
            std::int64_t v = 0;
            st = dso_table_get_integer(c, t, row, col, null_out ? nullptr : &v);
            fn = "dso_table_get_integer";
            want = DSO_CELL_INTEGER;
            break;
        }
        case 4: {
            dso_decimal v{};
            st = dso_table_get_decimal(c, t, row, col, null_out ? nullptr : &v);
            fn = "dso_table_get_decimal";
            if (st == DSO_OK) FUZZ_CHECK(v.scale >= 0 && v.scale <= scale, "decimal cell scale beyond its column's");
            want = DSO_CELL_DECIMAL;
            break;
        }
        case 5: {
            dso_date v{};
            st = dso_table_get_date(c, t, row, col, null_out ? nullptr : &v);
            fn = "dso_table_get_date";
            if (st == DSO_OK)
                FUZZ_CHECK(v.month >= 1 && v.month <= 12 && v.day >= 1 && v.day <= 31, "date cell out of the calendar");
            want = DSO_CELL_DATE;
            break;
        }
        case 6: {
            int v = -1;
            st = dso_table_get_boolean(c, t, row, col, null_out ? nullptr : &v);
            fn = "dso_table_get_boolean";
            if (st == DSO_OK) FUZZ_CHECK(v == 0 || v == 1, "boolean cell not 0/1");
            want = DSO_CELL_BOOLEAN;
            break;
        }
        case 7: {
            dso_buffer& b = buf[s.pick(buf.size())];
            st = dso_table_get_string(c, t, row, col, null_out ? nullptr : &b);
            fn = "dso_table_get_string";
            if (st == DSO_OK) {
                FUZZ_CHECK(b.ptr && b.ptr[b.size] == '\0' && std::strlen(b.ptr) <= b.size, "buffer not NUL-terminated");
                FUZZ_CHECK((b.size == 0) == (is_null == 1) || type == DSO_CELL_TEXT, "empty string iff null cell");
            }
            want = type;
            break;
        }
        case 8: {
            dso_buffer& b = buf[s.pick(buf.size())];
            st = s.pick(2) ? dso_table_to_csv(c, t, null_out ? nullptr : &b) : dso_table_to_json(c, t, null_out ? nullptr : &b);
            fn = "dso_table_to_csv/json";
            if (st == DSO_OK) FUZZ_CHECK(b.ptr && b.ptr[b.size] == '\0', "buffer not NUL-terminated");
            check_status(st, c, fn);
            // A NULL context refuses the call (DSO_EINVALID_ARGUMENT), as every other call here.
            FUZZ_CHECK((st == DSO_OK) == (c != nullptr && t != nullptr && !null_out), std::string(fn) + ": unexpected status");
            return;
        }
        default:
            dso_buffer_dispose(&buf[s.pick(buf.size())]);
            return;
        }
        check_status(st, c, fn);
        if (!c) return; // NULL context: DSO_EINVALID_ARGUMENT whatever the rest
        // Typed getters: OK exactly when the cell exists, has the type, is not empty and
        // the output pointer is given.
        if (want == type && cell_ok && is_null == 0 && !null_out && type_ok && st != DSO_OK &&
            std::strcmp(fn, "dso_table_column_name") != 0 && std::strcmp(fn, "dso_table_column_index") != 0)
            FUZZ_CHECK(false, std::string(fn) + " refused a valid cell: " + dso_context_errmsg(c));
        if (st == DSO_OK && std::strcmp(fn, "dso_table_column_index") != 0 &&
            std::strcmp(fn, "dso_table_get_string") != 0 && std::strcmp(fn, "dso_table_column_name") != 0)
            FUZZ_CHECK(cell_ok && want == type && is_null == 0, std::string(fn) + " accepted an invalid cell");
        if (st == DSO_OK && std::strcmp(fn, "dso_table_get_string") == 0) FUZZ_CHECK(cell_ok, "get_string out of range");
        if (!t || (col >= cols && std::strcmp(fn, "dso_table_column_index") != 0))
            FUZZ_CHECK(st == DSO_EINVALID_ARGUMENT, std::string(fn) + ": a bad table/column is not DSO_EINVALID_ARGUMENT");
    }

    void step(Stream& s) {
        switch (s.pick(22)) {
        case 0: {
            auto& slot = ctx[s.pick(ctx.size())];
            dso_context_destroy(slot);
            slot = nullptr;
            const int st = dso_context_create(s.pick(10) == 0 ? nullptr : &slot);
            check_status(st, nullptr, "dso_context_create");
            break;
        }
        case 1: {
            auto& slot = ctx[s.pick(ctx.size())];
            dso_context_destroy(slot);
            slot = nullptr;
            break;
        }
        case 2: load_sources(s); break;
        case 3: {
            dso_context* c = any_ctx(s);
            const char* dir = text(s, {data_dir().c_str(), "/nonexistent/dsocore", "", "/"});
            if (s.pick(3) == 0) {
                check_status(dso_ledger_validate(c, dir), c, "dso_ledger_validate");
            } else if (s.pick(10) == 0) {
                const int st = dso_ledger_load(c, dir, nullptr);
                check_status(st, c, "dso_ledger_load");
                FUZZ_CHECK(st == DSO_EINVALID_ARGUMENT, "dso_ledger_load without an out-pointer");
            } else {
                create(led[s.pick(led.size())], dso_ledger_destroy, c, "dso_ledger_load",
                       [&](dso_ledger** out) { return dso_ledger_load(c, dir, out); });
            }
            break;
        }
        case 4: {
            auto& slot = led[s.pick(led.size())];
            dso_ledger_destroy(slot);
            slot = nullptr;
            break;
        }
        case 5: report(s); break;
        case 6: agenda_or_alerts(s); break;
        case 7:
        case 8: read_table(s); break;
        case 9: {
            auto& slot = tab[s.pick(tab.size())];
            dso_table_destroy(slot);
            slot = nullptr;
            break;
        }
        case 10: {
            dso_context* c = any_ctx(s);
            const dso_ledger* l = led[s.pick(led.size())];
            (void)dso_ledger_customer_count(l);
            (void)dso_ledger_item_count(l);
            dso_buffer& b = buf[s.pick(buf.size())];
            const int st = dso_ledger_file_text(
                c, l, text(s, {"customers.csv", "items.csv", "allocations.csv", "fx.csv", "company.json", "../items.csv"}),
                s.pick(8) == 0 ? nullptr : &b);
            check_status(st, c, "dso_ledger_file_text");
            if (st == DSO_OK) FUZZ_CHECK(b.ptr && b.ptr[b.size] == '\0', "file text not NUL-terminated");
            break;
        }
        case 11: {
            dso_context* c = any_ctx(s);
            const std::string out = root_dir() + "/export";
            const int st = dso_ledger_export(c, led[s.pick(led.size())], s.pick(6) == 0 ? nullptr : out.c_str());
            check_status(st, c, "dso_ledger_export");
            break;
        }
        case 14: render(s); break;
        case 15: act_or_ignore(s); break;
        case 16: import(s); break;
        case 17: assign(s); break;
        case 18: limit(s); break;
        case 19: search_or_roles(s); break;
        case 20: write_out(s); break;
        case 21: {
            dso_context* c = any_ctx(s);
            dso_load_options o = DSO_LOAD_OPTIONS_INIT;
            if (s.pick(6) == 0) o.version = s.u8();
            o.templates = static_cast<int>(s.pick(2));
            const char* dir = text(s, {data_dir().c_str(), "/nonexistent/dsocore", ""});
            (void)dso_is_snapshot(dir);
            create(led[s.pick(led.size())], dso_ledger_destroy, c, "dso_ledger_load_opts",
                   [&](dso_ledger** out) { return dso_ledger_load_opts(c, dir, s.pick(6) == 0 ? nullptr : &o, out); });
            break;
        }
        case 12: {
            dso_report_options o;
            const unsigned v = s.pick(3) ? DSO_REPORT_OPTIONS_VERSION : s.u8();
            const int st = dso_report_options_init(s.pick(10) == 0 ? nullptr : &o, v);
            check_status(st, nullptr, "dso_report_options_init");
            (void)dso_report_name(s.index(dso_report_count()));
            (void)dso_report_summary(s.index(dso_report_count()));
            break;
        }
        default: {
            int a = 0, b = 0;
            dso_version(s.pick(2) ? &a : nullptr, &b, nullptr);
            FUZZ_CHECK(dso_version_number() == DSO_VERSION_NUMBER, "version");
            (void)dso_status_name(static_cast<int>(s.u8()) - 2);
            const dso_context* c = any_ctx(s);
            FUZZ_CHECK(dso_context_errmsg(c) != nullptr, "errmsg NULL");
            (void)dso_context_errcode(c);
        }
        }
    }
};

} // namespace

DSOCORE_FUZZ_TARGET(capi_calls) {
    Stream s(data, size);
    Program p;
    // Start with a context and a ledger most of the time, so short inputs reach reports.
    if (s.pick(4)) {
        const int st = dso_context_create(&p.ctx[0]);
        FUZZ_CHECK(st == DSO_OK, "dso_context_create");
        const char* names[] = {"customers.csv", "items.csv", "fx.csv", "company.json"};
        const char* texts[] = {kCustomers, kItems, kFx, kCompany};
        FUZZ_CHECK(dso_ledger_load_sources(p.ctx[0], 4, names, texts, &p.led[0]) == DSO_OK, dso_context_errmsg(p.ctx[0]));
    }
    for (int steps = 0; !s.done() && steps < 64; ++steps) p.step(s);
}
