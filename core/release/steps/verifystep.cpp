// SPDX-License-Identifier: GPL-3.0-or-later
#include "release/steps/verifystep.h"

#include "health/checkrunner.h"
#include "util/duration.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QObject>
#include <QThread>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace rd::release {

std::chrono::milliseconds VerifyStep::pollInterval{1000};

VerifyStep::VerifyStep(QString environment, QList<health::CheckSpec> checks, std::chrono::milliseconds timeout,
                       bool failPlanWhenUnhealthy, std::shared_ptr<VerifyResult> result)
    : m_environment(std::move(environment))
    , m_checks(std::move(checks))
    , m_timeout(timeout)
    , m_failPlan(failPlanWhenUnhealthy)
    , m_result(std::move(result))
{
}

QString VerifyStep::description() const
{
    QStringList names;
    for (const health::CheckSpec &c : m_checks)
        names.append(c.name);
    return u"Wait up to %1 s until every health check of %2 passes (%3)."_s.arg(m_timeout.count() / 1000).arg(m_environment, names.join(u", "_s));
}

Result<void> VerifyStep::run(StepContext &context)
{
    m_result->ran = true;
    // The checks answer asynchronously on this (worker) thread's event loop.
    QObject owner;
    health::NetworkPool network(&owner);
    const QDeadlineTimer deadline(m_timeout);
    QString failing;
    for (int round = 1;; ++round) {
        QEventLoop loop;
        int pending = int(m_checks.size());
        QStringList failures;
        for (const health::CheckSpec &check : m_checks) {
            if (check.kind == health::CheckSpec::Kind::Unavailable) {
                failures.append(u"%1 cannot run here (%2)"_s.arg(check.name, check.unavailableReason));
                --pending;
                continue;
            }
            health::runCheck(check, network, &owner, [&, name = check.name](const health::CheckResult &result) {
                if (!result.passed())
                    failures.append(u"%1: %2"_s.arg(name, result.error.isEmpty() ? u"failed"_s : result.error));
                if (--pending == 0)
                    loop.quit();
            });
        }
        if (pending > 0)
            loop.exec();
        if (failures.isEmpty()) {
            m_result->healthy = true;
            context.output(u"round %1: every check passed"_s.arg(round));
            return {};
        }
        failing = failures.join(u"; "_s);
        context.output(u"round %1: %2"_s.arg(round).arg(failing));
        if (context.cancelled()) {
            failing = u"cancelled while waiting (%1)"_s.arg(failing);
            break;
        }
        if (deadline.remainingTimeAsDuration() <= pollInterval)
            break;
        // Sleep in small slices so a cancel is noticed quickly.
        QDeadlineTimer pause(pollInterval);
        while (!pause.hasExpired() && !context.cancelled())
            QThread::msleep(50);
    }
    m_result->healthy = false;
    m_result->reason = failing;
    if (!m_failPlan) {
        context.output(u"not healthy, and automatic rollback is off: the new version stays"_s);
        return {};
    }
    return fail(Error::Domain::Release, u"%1 did not become healthy within %2 s: %3"_s.arg(m_environment).arg(m_timeout.count() / 1000).arg(failing));
}

} // namespace rd::release
