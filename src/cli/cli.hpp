// dsocore command line: argument parsing and the command registry.
#pragma once

#include <functional>
#include <iosfwd>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "dsocore/core/currency.hpp"
#include "dsocore/core/date.hpp"
#include "dsocore/ledger/ledger.hpp"
#include "dsocore/reports/table.hpp"
#include "dsocore/risk/assign.hpp"

namespace dsocore::cli {

/// Bad usage: exit status 2.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// `--key value`, `--key=value` and bare `--flag` options, plus positional words.
class Args {
public:
    Args(const std::vector<std::string>& argv, const std::set<std::string>& flags);
    const std::vector<std::string>& positional() const { return positional_; }
    bool has(const std::string& key) const;
    /// Marks the option as used; returns nullopt when absent.
    std::optional<std::string> get(const std::string& key);
    std::string require(const std::string& key);
    bool flag(const std::string& key);
    Date date(const std::string& key);
    std::optional<Currency> currency(const std::string& key);
    /// Options not consumed yet (report options are passed through as they are).
    std::map<std::string, std::string> rest();
    /// Throws UsageError naming any option nobody used.
    void finish();

private:
    std::vector<std::string> positional_;
    std::map<std::string, std::string> opts_;
    std::set<std::string> used_;
};

struct Command {
    std::string name;
    std::string usage;
    std::function<int(Args&, std::ostream& out, std::ostream& err)> run;
    std::set<std::string> flags; ///< options that take no value
};

/// Registers a command (one static Registrar per command file).
struct Registrar {
    explicit Registrar(Command c);
};
const std::vector<Command>& commands();

/// Loads the data directory named by --data (templates too when asked).
Ledger load_data(Args& args, bool templates = false);
/// The bundled sample data directory (installed share/dsocore/data, else the source tree).
std::string sample_data_dir();
/// The customer rows of the role-scoped view named by --role/--user (risk.md "Roles"):
/// a collector's customers; empty (every customer) without --role or for the other
/// roles. With --output, the view must be allowed to export (admin only, docs/
/// decisions.md "Exports and roles"): Error(permission) otherwise.
std::vector<std::uint8_t> role_scope(Args& args, const Ledger& ledger);
/// The search of `search` and `assign`: --as-of, --where, --base-currency, --role/--user
/// (a collector needs --user).
SearchRequest search_request(Args& args);
/// Writes a table as --format csv|json|xlsx to --output or `out`.
void write_table(Args& args, const Table& t, std::ostream& out);
/// Registers an output writer for a format (xlsx comes from the io module).
void register_table_format(const std::string& name,
                           std::function<void(const Table&, const std::string& path)> write_file);

} // namespace dsocore::cli
