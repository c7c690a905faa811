// The import fuzz targets' shared part (see import_common.hpp).
#include "fuzz/import_common.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>

#include <unistd.h>

#include "dsocore/ledger/ledger.hpp"

namespace fuzz {

namespace fs = std::filesystem;

namespace {

const char* const kCustomers = "entity,customer_id,name,currency,email,credit_limit\n"
                               "FR01,123,Société Générale d'Électricité,EUR,compta@sge.fr,50000\n"
                               "FR01,45,Café Zoé,EUR,,\n"
                               "DE01,C1,Müller GmbH,EUR,,\n"
                               "DE01,C2,Smith Ltd,GBP,,\n";
const char* const kItems = "entity,item_id,customer_id,type,issue_date,due_date,currency,amount,open_amount,comment\n"
                           "FR01,FA-001,123,invoice,2026-03-15,2026-04-14,,1234.56,1234.56,\n"
                           "FR01,AV-002,123,credit_note,2026-03-20,,,-200.00,-200.00,\n"
                           "DE01,R-1,C1,invoice,2026-05-01,2026-05-31,,500.00,500.00,\n"
                           "DE01,R-2,C2,invoice,2026-06-01,,GBP,300.00,100.00,\n";
const char* const kFx = "date,currency,rate\n2026-01-01,GBP,1.15\n2026-01-01,USD,0.9\n";

void write(const fs::path& p, std::string_view bytes) {
    std::ofstream f(p, std::ios::binary | std::ios::trunc);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string show(const std::map<std::string, std::string>& s) {
    std::string r;
    for (const auto& [k, v] : s) r += "== " + k + "\n" + v;
    return r;
}

} // namespace

const fs::path& import_scratch() {
    static const fs::path dir = [] {
        std::error_code ec;
        fs::path base = fs::is_directory("/dev/shm", ec) ? fs::path("/dev/shm") : fs::temp_directory_path();
        fs::path d = base / ("dsocore_fuzz_import_" + std::to_string(::getpid()));
        fs::create_directories(d / "data", ec);
        if (ec) { // /dev/shm not writable: the ordinary temporary directory
            d = fs::temp_directory_path() / ("dsocore_fuzz_import_" + std::to_string(::getpid()));
            fs::create_directories(d / "data");
        }
        return d;
    }();
    static const bool cleanup = [] { // libFuzzer ends with exit(): remove the scratch files then
        std::atexit([] {
            std::error_code ec;
            fs::remove_all(dir, ec);
        });
        return true;
    }();
    (void)cleanup;
    return dir;
}

fs::path reset_import_dir() {
    const fs::path d = import_scratch() / "data";
    std::error_code ec;
    fs::remove_all(d, ec);
    fs::create_directories(d);
    write(d / "customers.csv", kCustomers);
    write(d / "items.csv", kItems);
    write(d / "fx.csv", kFx);
    return d;
}

std::map<std::string, std::string> snapshot(const fs::path& dir) {
    std::map<std::string, std::string> out;
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
        if (!e.is_regular_file()) continue;
        std::ifstream f(e.path(), std::ios::binary);
        std::stringstream ss;
        ss << f.rdbuf();
        out[fs::relative(e.path(), dir).string()] = ss.str();
    }
    return out;
}

fs::path write_input(const std::string& name, const std::uint8_t* data, std::size_t size) {
    const fs::path p = import_scratch() / name;
    write(p, as_text(data, size));
    return p;
}

void check_import(const dsocore::ImportProfile& profile, const fs::path& input, bool idempotent) {
    const fs::path dir = reset_import_dir();
    const auto before = snapshot(dir);
    dsocore::ImportOptions o;
    o.data_dir = dir;
    o.input = input.string();
    o.date = dsocore::Date::from_ymd(2026, 6, 30);
    o.rejects_path = (import_scratch() / "rejects.csv").string();
    if (!profile.kind) o.kind = dsocore::ImportKind::items;
    dsocore::ImportResult r;
    const bool ok = expect_error_or_value([&] { r = dsocore::import_file(profile, o); });
    if (!ok || !r.applied) {
        const auto after = snapshot(dir);
        FUZZ_CHECK(after == before, "an import that was not applied changed the data directory (" + r.failure +
                                        "):\n" + show(after));
        return;
    }
    FUZZ_CHECK(r.failure.empty(), "applied with a failure: " + r.failure);
    FUZZ_CHECK(r.rejected == r.rejects.size(), "rejected count and reject lines disagree");
    for (const auto& rl : r.rejects) FUZZ_CHECK(!rl.reasons.empty(), "a rejected line without a reason");
    std::string why;
    const bool loads = expect_error_or_value([&] {
        try {
            (void)dsocore::Ledger::load(dir);
        } catch (const dsocore::Error& e) {
            why = e.what();
            throw;
        }
    });
    FUZZ_CHECK(loads, "an applied import left a data directory that does not load: " + why);
    if (!idempotent) return;
    const auto once = snapshot(dir);
    dsocore::ImportResult r2;
    if (!expect_error_or_value([&] { r2 = dsocore::import_file(profile, o); })) return;
    FUZZ_CHECK(r2.created == 0 && r2.updated == 0 && r2.closed == 0,
               "the same file imported twice changed the data again: " + r2.summary() + "\n" +
                   (r2.changes.empty() ? std::string() : r2.changes.front()));
    FUZZ_CHECK(snapshot(dir) == once, "the second import of the same file rewrote the data");
}

} // namespace fuzz
