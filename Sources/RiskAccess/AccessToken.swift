/// A stored API token (its text is never stored: only its sha256).
public struct AccessToken: Sendable, Equatable {
    /// The unique name the token was created with (who it was given to).
    public var name: String
    public var role: AccessRole
    /// Region-code prefixes the token may see; empty for every region.
    public var regions: [String]
    /// ISO 8601 UTC time of creation.
    public var createdAt: String
    /// ISO 8601 UTC time of revocation, nil while valid.
    public var revokedAt: String?

    public init(name: String, role: AccessRole, regions: [String], createdAt: String, revokedAt: String? = nil) {
        self.name = name; self.role = role; self.regions = regions; self.createdAt = createdAt; self.revokedAt = revokedAt
    }

    /// True unless revoked.
    public var isActive: Bool { revokedAt == nil }
    /// True when the token sees only some regions.
    public var isRegionLimited: Bool { !regions.isEmpty }
}
