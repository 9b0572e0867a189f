// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "health/checkspec.h"
#include "release/plan.h"

#include <chrono>
#include <memory>

// Verification after a deploy: run the environment's health checks (core/health's runner)
// until all of them pass at once, or the timeout passes. With automatic rollback on, a
// failure fails the plan, whose undo redeploys the previous version; with it off, the step
// records the failure in `VerifyResult` and lets the plan finish, so the engine can report
// "deployed but unhealthy" without taking anything back.
namespace rd::release {

struct VerifyResult
{
    bool ran = false;
    bool healthy = false;
    QString reason;            // the failing checks, when not healthy
};

class VerifyStep final : public Step
{
public:
    VerifyStep(QString environment, QList<health::CheckSpec> checks, std::chrono::milliseconds timeout,
               bool failPlanWhenUnhealthy, std::shared_ptr<VerifyResult> result);

    QString kind() const override { return QStringLiteral("wait-healthy"); }
    QString description() const override;
    [[nodiscard]] Result<void> run(StepContext &context) override;
    bool changesSomething() const override { return false; }

    // Between rounds of checks; tests shorten it.
    static std::chrono::milliseconds pollInterval;

private:
    QString m_environment;
    QList<health::CheckSpec> m_checks;
    std::chrono::milliseconds m_timeout;
    bool m_failPlan;
    std::shared_ptr<VerifyResult> m_result;
};

} // namespace rd::release
