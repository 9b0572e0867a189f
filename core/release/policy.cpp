// SPDX-License-Identifier: GPL-3.0-or-later
#include "release/policy.h"

#include "release/auditlog.h"
#include "release/freezewindow.h"

using namespace Qt::StringLiterals;
using std::chrono::seconds;

namespace rd::release {

namespace {

QString utcTime(const QDateTime &moment, const QDateTime &now)
{
    return formatMoment(moment, QTimeZone(QTimeZone::UTC), now);
}

QString durationText(seconds duration)
{
    const qint64 s = duration.count();
    if (s % 86400 == 0)
        return u"%1d"_s.arg(s / 86400);
    if (s % 3600 == 0)
        return u"%1h"_s.arg(s / 3600);
    if (s % 60 == 0)
        return u"%1m"_s.arg(s / 60);
    return u"%1s"_s.arg(s);
}

// "dev", "dev or qa", "dev, qa or staging"
QString names(const QStringList &list)
{
    if (list.size() <= 1)
        return list.join(QString());
    return list.mid(0, list.size() - 1).join(u", "_s) + u" or "_s + list.back();
}

void checkOrder(const config::Workspace &workspace, const PolicyRequest &request, PolicyVerdict &verdict)
{
    const config::Environment *target = workspace.environment(request.environment);
    const config::Environment *predecessor = workspace.predecessor(request.environment);
    if (!predecessor && target->promoteFrom.isEmpty())
        return; // the first environment takes versions from anywhere (a build puts them there)
    qsizetype targetIndex = 0;
    while (workspace.environments.at(targetIndex).name != request.environment)
        ++targetIndex;

    QStringList allowed = target->promoteFrom;
    if (allowed.isEmpty() && predecessor)
        allowed.append(predecessor->name);
    if (request.fromEnvironment.isEmpty()) {
        if (workspace.policy.allowSkip)
            return;
        verdict.refusals.append(
            u"Promotion order: %1 takes versions from %2; name the environment the version comes from (or allow "
            u"skipping with policy allow_skip: true)."_s.arg(request.environment, names(allowed)));
        return;
    }
    if (!workspace.environment(request.fromEnvironment)) {
        verdict.refusals.append(u"There is no environment '%1' to promote from."_s.arg(request.fromEnvironment));
        return;
    }
    if (allowed.contains(request.fromEnvironment))
        return;
    if (workspace.policy.allowSkip) {
        for (qsizetype i = 0; i < targetIndex; ++i) {
            if (workspace.environments.at(i).name == request.fromEnvironment)
                return;
        }
    }
    verdict.refusals.append(
        u"Promotion order: %1 takes versions from %2, not from %3; promote through %2 first, or add %3 to "
        u"promote_from of %1."_s.arg(request.environment, names(allowed), request.fromEnvironment));
}

} // namespace

PolicyVerdict checkPolicy(const config::Workspace &workspace, const PolicyRequest &request, const PolicyFacts &facts)
{
    PolicyVerdict verdict;
    const bool promote = request.action == u"promote";
    const bool rollback = request.action == u"rollback";
    if (!promote && !rollback)
        return verdict;
    const config::Environment *environment = workspace.environment(request.environment);
    if (!environment) {
        verdict.refusals.append(u"There is no environment '%1' in this workspace."_s.arg(request.environment));
        return verdict;
    }
    const QString &env = request.environment;
    const QDateTime now = request.now.isValid() ? request.now.toUTC() : QDateTime::currentDateTimeUtc();
    const config::Policy &policy = workspace.policy;

    if (promote && !request.automatic)
        checkOrder(workspace, request, verdict);

    if (environment->isProtected && !request.automatic && request.confirmation != env) {
        verdict.refusals.append(
            request.confirmation.isEmpty()
                ? u"%1 is protected: type its name, %1, to confirm."_s.arg(env)
                : u"%1 is protected and the confirmation typed does not match: type its name, %1, exactly."_s.arg(env));
    }

    if (!request.automatic) {
        if (const std::optional<ActiveFreeze> freeze = activeFreeze(policy.freeze, env, now)) {
            const QString until = formatMoment(freeze->until, freeze->zone, now);
            const QString reason = request.overrideReason.trimmed();
            if (reason.isEmpty()) {
                verdict.refusals.append(u"%1 is frozen until %2 (%3); type a reason to override."_s.arg(
                    env, until, freeze->window.reason));
            } else {
                verdict.warnings.append(u"%1 is frozen until %2 (%3); overridden: %4"_s.arg(
                    env, until, freeze->window.reason, reason));
                verdict.overrides.append(u"freeze of %1 until %2 (%3) overridden: %4"_s.arg(
                    env, until, freeze->window.reason, reason));
            }
        }
    }

    const PolicyVerdict rates = checkRates(workspace, request, facts);
    verdict.refusals.append(rates.refusals);
    return verdict;
}

PolicyVerdict checkRates(const config::Workspace &workspace, const PolicyRequest &request, const PolicyFacts &facts)
{
    PolicyVerdict verdict;
    const bool promote = request.action == u"promote";
    const bool rollback = request.action == u"rollback";
    if ((!promote && !rollback) || !workspace.environment(request.environment))
        return verdict;
    const QString &env = request.environment;
    const QDateTime now = request.now.isValid() ? request.now.toUTC() : QDateTime::currentDateTimeUtc();
    const config::Policy &policy = workspace.policy;

    if (promote && policy.minInterval.count() > 0 && facts.lastPromotion && !request.automatic) {
        const QDateTime next = facts.lastPromotion->toUTC().addSecs(policy.minInterval.count());
        if (now < next) {
            verdict.refusals.append(
                u"%1 had a promotion at %2 and policy min_interval is %3: the next is allowed from %4."_s.arg(
                    env, utcTime(*facts.lastPromotion, now), durationText(policy.minInterval), utcTime(next, now)));
        }
    }

    if (rollback && policy.maxRollbacksPerHour > 0 && !request.automatic) {
        QList<QDateTime> recent;
        for (const QDateTime &time : facts.recentRollbacks) {
            if (time.isValid() && time > now.addSecs(-3600) && time <= now)
                recent.append(time.toUTC());
        }
        std::sort(recent.begin(), recent.end());
        if (recent.size() >= policy.maxRollbacksPerHour) {
            // Allowed again when enough of them are more than an hour old.
            const QDateTime next = recent.at(recent.size() - policy.maxRollbacksPerHour).addSecs(3600);
            verdict.refusals.append(
                u"%1 had %2 rollbacks in the last hour and policy max_rollbacks_per_hour is %3: the next is allowed "
                u"from %4."_s.arg(env, QString::number(recent.size()), QString::number(policy.maxRollbacksPerHour),
                                  utcTime(next, now)));
        }
    }

    if (policy.maxConcurrentDeploys > 0 && !request.automatic) {
        QStringList others;
        for (const LockHolder &holder : facts.runningDeploys) {
            if (holder.artifact == request.artifact && holder.environment == env)
                continue; // the lock itself refuses that one, naming the holder
            others.append(u"%1 in %2 by %3"_s.arg(holder.artifact, holder.environment,
                                                  holder.user.isEmpty() ? u"someone"_s : holder.user));
        }
        if (others.size() >= policy.maxConcurrentDeploys) {
            verdict.refusals.append(
                u"%1 deploys are running (%2) and policy max_concurrent_deploys is %3: try again when one has "
                u"finished."_s.arg(QString::number(others.size()), others.join(u", "_s),
                                   QString::number(policy.maxConcurrentDeploys)));
        }
    }
    return verdict;
}

Result<PolicyFacts> gatherPolicyFacts(const AuditLog &log, const QString &lockDirectory, const PolicyRequest &request)
{
    PolicyFacts facts;
    const QDateTime now = request.now.isValid() ? request.now.toUTC() : QDateTime::currentDateTimeUtc();
    auto last = log.lastPromotion(request.environment);
    if (!last)
        return std::unexpected(last.error());
    facts.lastPromotion = *last;
    auto rollbacks = log.rollbacksSince(request.environment, now.addSecs(-3600));
    if (!rollbacks)
        return std::unexpected(rollbacks.error());
    facts.recentRollbacks = *rollbacks;
    facts.runningDeploys = PromotionLock::holders(lockDirectory);
    return facts;
}

} // namespace rd::release
