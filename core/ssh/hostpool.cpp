// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/hostpool.h"

#include "ssh/localhost.h"

using namespace Qt::StringLiterals;

namespace rd::ssh {

HostPool::HostPool(config::Workspace workspace, UnknownHostKeyHandler unknownHostKey)
    : m_workspace(std::move(workspace))
    , m_unknownHostKey(std::move(unknownHostKey))
{
}

HostPool::~HostPool() = default;

Result<std::shared_ptr<CommandHost>> HostPool::host(const QString &name)
{
    QMutexLocker lock(&m_mutex);
    if (auto found = m_hosts.constFind(name); found != m_hosts.constEnd())
        return *found;
    const config::Host *spec = m_workspace.host(name);
    if (!spec)
        return fail(Error::Domain::Config, u"no host named '%1' is defined under 'hosts' in the workspace"_s.arg(name));
    std::shared_ptr<CommandHost> made;
    if (spec->local) {
        made = std::make_shared<LocalHost>(m_workspace.directory());
    } else {
        return fail(Error::Domain::Ssh,
            u"the host '%1' is an SSH host, and this build cannot run commands over SSH yet"_s.arg(name));
    }
    m_hosts.insert(name, made);
    return made;
}

} // namespace rd::ssh
