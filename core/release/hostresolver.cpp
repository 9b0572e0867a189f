// SPDX-License-Identifier: GPL-3.0-or-later
#include "release/releaseengine.h"

#include "ssh/hostpool.h"
#include "ssh/localhost.h"

using namespace Qt::StringLiterals;

namespace rd::release {

HostResolver defaultHostResolver(const config::Workspace &workspace)
{
    auto pool = std::make_shared<ssh::HostPool>(workspace);
    auto local = std::make_shared<ssh::LocalHost>(workspace.directory());
    return [pool, local](const config::DeployStep &step) -> Result<std::shared_ptr<ssh::CommandHost>> {
        if (step.kind == config::DeployStep::Kind::Local)
            return std::shared_ptr<ssh::CommandHost>(local);
        return pool->host(step.host);
    };
}

} // namespace rd::release
