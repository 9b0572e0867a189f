// SPDX-License-Identifier: GPL-3.0-or-later
#include "checkspec.h"

#include "util/trustedcertificates.h"

#include "ssh/sharedhosts.h"

#include "config/workspace.h"

#include <QFile>

using namespace Qt::StringLiterals;

namespace rd::health {

CheckSpec checkSpec(const config::Workspace &workspace, const config::Environment &environment,
                    const config::HealthCheck &check)
{
    CheckSpec spec;
    spec.environment = environment.name;
    spec.name = check.name;
    spec.interval = check.interval;
    spec.timeout = check.timeout;
    spec.failureThreshold = std::max(1, check.failureThreshold);
    if (check.isHttp()) {
        spec.kind = CheckSpec::Kind::Http;
        spec.url = QUrl(check.http, QUrl::StrictMode);
        spec.expect = check.expect;
        spec.bodyContains = check.body;
        spec.jsonField = check.json;
        spec.jsonEquals = check.equals;
        if (!check.ca.isEmpty()) {
            QString error;
            auto trusted = readTrustedCertificates(workspace.resolvePath(check.ca));
            if (trusted)
                spec.trusted = *trusted;
            else
                error = trusted.error().message;
            if (!error.isEmpty()) {
                spec.kind = CheckSpec::Kind::Unavailable;
                spec.unavailableReason = error;
            }
        }
        return spec;
    }
    spec.command = check.command.command;
    const config::Host *host = workspace.host(check.command.host);
    if (!host) {
        spec.unavailableReason = u"the host '%1' is not defined in the workspace"_s.arg(check.command.host);
    } else if (!host->local) {
        if (auto remote = ssh::sharedHost(workspace, host->name)) {
            spec.kind = CheckSpec::Kind::Command;
            spec.host = *remote;
        } else {
            spec.unavailableReason = remote.error().message;
        }
    } else {
        spec.kind = CheckSpec::Kind::Command;
        spec.workingDirectory = workspace.directory();
    }
    return spec;
}

QList<CheckSpec> checkSpecs(const config::Workspace &workspace)
{
    QList<CheckSpec> specs;
    for (const config::Environment &environment : workspace.environments) {
        for (const config::HealthCheck &check : environment.health)
            specs.append(checkSpec(workspace, environment, check));
    }
    return specs;
}

} // namespace rd::health
