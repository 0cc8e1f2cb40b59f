import Hummingbird
import RiskAccess

/// The per-request context: Hummingbird's core storage plus the authenticated token.
public struct RiskRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The token the request was authenticated with (nil before the auth middleware, or on
    /// public paths).
    public var token: AccessToken?

    public init(source: Source) {
        coreContext = .init(source: source)
        token = nil
    }

    /// Bodies beyond this many bytes get 413 (``ServerSettings/Limits/maxBodyBytes``).
    public var maxUploadSize: Int { 2 * 1024 * 1024 }
}
