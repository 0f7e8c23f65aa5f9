/**
 * The whole-app rules. Each rule lives in its own file under ./rules/ and registers itself with
 * `registerAppRule` when imported; import it here so that `runChecks` sees it.
 */
import "./rules/unique-iam-names";
import "./rules/one-per-account";
import "./rules/one-stack-per-state";
import "./rules/credential-exposure";
import "./rules/fixed-name-replacement";
