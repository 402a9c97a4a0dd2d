// libFuzzer target for the playbook file (`PUT /api/v1/playbooks`): the typed decoding the
// API does, then validation. Build and run with `scripts/fuzz playbooks`.
import CorridorCoordination
import Foundation

struct Book: Decodable { let playbooks: [String: [TaskTemplate]] }
let agencies: Set<String> = ["nacta", "ctd-balochistan", "pk-cert"]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let book = try? JSONDecoder().decode(Book.self, from: Data(bytes: data, count: size)) else { return 0 }
    guard Playbooks.problems(book.playbooks, agencies: agencies).isEmpty else { return 0 }
    _ = Playbooks.effective(stored: book.playbooks)
    return 0
}
