import Foundation

/// The OpenAPI 3.1 description of the API (openapi.yaml, a resource of this module).
public enum OpenAPIDocument {
    /// The file's text ("" if the resource is missing from the build).
    public static let text: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return "" }
        return text
    }()
}
