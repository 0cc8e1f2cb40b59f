import RiskDomain
import RiskStore

/// RiskIngest: exchange-format files → validated records → RiskStore.
public enum RiskIngest {}
