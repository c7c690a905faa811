// Import profiles: the bytes are a profile (JSON). Parsing gives a profile or a
// DataError with one diagnostic per bad key; a profile that parses is then used to
// import a fixed messy export (Windows-1252, ';', decimal commas, dd/MM/yyyy, a
// trailing minus, CRLF) into a small data directory, with the checks of
// import_common.hpp (nothing changed unless applied; applied ⇒ the directory loads).
#include "dsocore/io/profile.hpp"
#include "fuzz/import_common.hpp"

namespace {

// "Code client;N° pièce;Type;Montant;Date;Echéance;Libellé;Réf" in Windows-1252.
const char kExport[] =
    "Code client;N\xB0 pi\xE8" "ce;Type;Montant;Date;Ech\xE9" "ance;Libell\xE9;R\xE9" "f\r\n"
    "000123;FA-001;FA;1 234,56;15/03/2026;14/04/2026;Facture   \xE9nergie;R-77\r\n"
    "000123;AV-002;AV;200,00;20/03/2026;19/04/2026;Avoir remise;\r\n"
    "000045;FA-003;FA;99,90-;01/04/2026;01/05/2026;Caf\xE9;\r\n"
    "000045;FA-004;FA;(12,00);31/04/2026;01/05/2026;bad date;\r\n"
    "000999;FA-005;RG;1.234,5;01/04/2026;;unknown customer;\r\n";

} // namespace

DSOCORE_FUZZ_TARGET(import_profile) {
    static const auto input =
        fuzz::write_input("export.csv", reinterpret_cast<const std::uint8_t*>(kExport), sizeof kExport - 1);
    dsocore::ImportProfile p;
    if (!fuzz::expect_error_or_value([&] { p = dsocore::ImportProfile::parse(fuzz::as_text(data, size)); })) return;
    fuzz::check_import(p, input, true);
}
