// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/hostpool.h"

#include "ssh/localhost.h"
#include "ssh/sshhost.h"

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
        auto settings = SshHostSettings::fromWorkspace(m_workspace, *spec);
        if (!settings)
            return std::unexpected(settings.error());
        settings->unknownHostKey = m_unknownHostKey;
        settings->passphrasePrompt = m_passphrasePrompt;
        made = std::make_shared<SshHost>(std::move(*settings));
    }
    m_hosts.insert(name, made);
    return made;
}

void HostPool::setPassphrasePrompt(PassphrasePrompt prompt)
{
    QMutexLocker lock(&m_mutex);
    m_passphrasePrompt = std::move(prompt);
}

} // namespace rd::ssh
