// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/sharedhosts.h"

#include "ssh/localhost.h"
#include "ssh/sshhost.h"

#include <QHash>
#include <QMutex>

using namespace Qt::StringLiterals;

namespace rd::ssh {

namespace {

QMutex questionsMutex;
SharedHostQuestions questions;

} // namespace

void setSharedHostQuestions(SharedHostQuestions set)
{
    QMutexLocker lock(&questionsMutex);
    questions = std::move(set);
}

Result<std::shared_ptr<CommandHost>> sharedHost(const config::Workspace &workspace, const QString &name)
{
    static QMutex mutex;
    static QHash<QString, std::weak_ptr<CommandHost>> hosts;

    const config::Host *spec = workspace.host(name);
    if (!spec)
        return fail(Error::Domain::Config, u"no host named '%1' is defined under 'hosts' in the workspace"_s.arg(name));
    // Everything that decides where and how to connect is in the key: an edited workspace
    // gets a new host, never a stale connection.
    const QString key = QStringList{ workspace.file, workspace.directory(), name, spec->local ? u"local"_s : u"ssh"_s,
        spec->address, QString::number(spec->port), spec->user, spec->identity, spec->passphrase, spec->knownHosts }
                            .join(u'\n');
    QMutexLocker lock(&mutex);
    if (std::shared_ptr<CommandHost> existing = hosts.value(key).lock())
        return existing;
    std::shared_ptr<CommandHost> made;
    if (spec->local) {
        made = std::make_shared<LocalHost>(workspace.directory());
    } else {
        auto settings = SshHostSettings::fromWorkspace(workspace, *spec);
        if (!settings)
            return std::unexpected(settings.error());
        {
            QMutexLocker questionsLock(&questionsMutex);
            if (questions.unknownHostKey)
                settings->unknownHostKey = questions.unknownHostKey(workspace);
            settings->passphrasePrompt = questions.passphrase;
        }
        made = std::make_shared<SshHost>(std::move(*settings));
    }
    // Forget hosts nobody holds any more.
    for (auto it = hosts.begin(); it != hosts.end();)
        it = it->expired() ? hosts.erase(it) : std::next(it);
    hosts.insert(key, made);
    return made;
}

} // namespace rd::ssh
