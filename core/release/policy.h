// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/workspace.h"
#include "release/promotionlock.h"
#include "util/error.h"

#include <QDateTime>
#include <QStringList>
#include <optional>

// Policy: whether a promotion or rollback may run now. checkPolicy() is a pure function of the
// workspace's rules, the request and facts gathered beforehand (from the audit log and the
// promotion locks), so the engine enforces it the same way for the GUI and the CLI and tests
// need no clock. Each refusal is one sentence naming the rule and when (or how) it would allow
// the action.
//
// Rules (docs/configuration.md, "policy"):
// - promotion order: a promotion takes its version from the environment before the target, or
//   from one listed in the target's `promote_from`, or — with `policy.allow_skip: true` — from
//   any earlier environment. Only the first environment takes versions from none.
// - protected environments: promote and rollback need the environment's name typed as
//   confirmation.
// - freeze windows: refused while one is in force, unless a reason is typed (then allowed with
//   a warning, and the reason belongs in the audit record: see PolicyVerdict::overrides).
// - min_interval between promotions into an environment; max_rollbacks_per_hour into an
//   environment; max_concurrent_deploys across the workspace.
// An automatic rollback (undoing a failed verification) is exempt from every rule: it is part
// of a deploy that was already allowed, and refusing it would leave the environment broken.
//
// How the engine uses it with the lock and the audit log, for a promote or rollback:
//   auto log = AuditLog::open(workspace);                      // Io error → exit 1
//   auto lock = PromotionLock::acquire(PromotionLock::defaultDirectory(workspace),
//                                      LockHolder::self(action, artifact, env, from, to));
//   // !lock && lock.error().code == PromotionLock::HeldCode → log->recordRefusal(…), exit 3
//   auto facts = gatherPolicyFacts(*log, PromotionLock::defaultDirectory(workspace), request);
//   PolicyVerdict verdict = checkPolicy(workspace, request, *facts);
//   // !verdict.allowed() → log->recordRefusal(workspace, plan, actor, verdict.refusals), exit 3
//   plan.warnings += verdict.warnings;
//   auto id = log->begin(workspace, plan, Actor::current(workspace.directory()), verdict.overrides);
//   PlanOutcome outcome = runPlan(plan, …);
//   log->finish(*id, plan, outcome);                           // the lock is released after
// Taking the lock before gathering facts makes "check, then run" atomic for one artifact and
// environment; runningDeploys then includes this process's own lock, which checkPolicy skips.
namespace rd::release {

class AuditLog;

struct PolicyRequest
{
    QString action;            // "promote" or "rollback" (anything else: no rules apply)
    QString artifact;
    QString fromEnvironment;   // promote: where the version comes from; empty: from no environment
    QString environment;       // the environment that changes
    QString fromVersion;       // what it runs now, empty when nothing
    QString toVersion;
    QString confirmation;      // what the person typed to confirm a protected environment
    QString overrideReason;    // what the person typed to override a freeze window
    bool automatic = false;    // an automatic rollback after a failed verification
    QDateTime now;             // UTC
};

struct PolicyFacts
{
    std::optional<QDateTime> lastPromotion;    // newest promotion into the environment
    QList<QDateTime> recentRollbacks;          // rollbacks into the environment in the hour before now
    QList<LockHolder> runningDeploys;          // every promotion lock held now in the workspace
};

struct PolicyVerdict
{
    QStringList refusals;      // empty: allowed
    QStringList warnings;      // shown before confirming; recorded with the plan
    QStringList overrides;     // rules overridden by a typed reason, with the reason: audit these

    bool allowed() const { return refusals.isEmpty(); }
};

[[nodiscard]] PolicyVerdict checkPolicy(const config::Workspace &workspace, const PolicyRequest &request,
                                        const PolicyFacts &facts);

// Only the rules that depend on what else is happening — min_interval, max_rollbacks_per_hour,
// max_concurrent_deploys — which can change between admission and the start of the run. The
// engine checks them again once it holds the promotion lock and the admission gate
// (PromotionLock::admissionGate), so two processes that both passed admit() cannot both run.
[[nodiscard]] PolicyVerdict checkRates(const config::Workspace &workspace, const PolicyRequest &request,
                                       const PolicyFacts &facts);

// The facts for `request` from the audit log and the workspace's lock folder.
[[nodiscard]] Result<PolicyFacts> gatherPolicyFacts(const AuditLog &log, const QString &lockDirectory,
                                                    const PolicyRequest &request);

} // namespace rd::release
