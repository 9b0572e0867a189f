// SPDX-License-Identifier: GPL-3.0-or-later
#include "workspace.h"

#include <QDir>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace rd::config {

namespace {

template<typename T>
const T *findByName(const QList<T> &items, QStringView name)
{
    for (const T &item : items) {
        if (item.name == name)
            return &item;
    }
    return nullptr;
}

} // namespace

QString Workspace::directory() const
{
    // A workspace built in code (tests, tools) has no file: it lives where the process runs.
    if (file.isEmpty())
        return QDir::currentPath();
    return QFileInfo(file).absolutePath();
}

QString Workspace::resolvePath(const QString &path) const
{
    if (path.isEmpty())
        return {};
    // "~/.ssh/id_ed25519" is how people write key paths; "<workspace>/~/…" is never meant.
    if (path == u"~")
        return QDir::homePath();
    if (path.startsWith(u"~/"))
        return QDir::cleanPath(QDir::homePath() + path.mid(1));
    if (QDir::isAbsolutePath(path))
        return QDir::cleanPath(path);
    return QDir::cleanPath(directory() + u'/' + path);
}

const Registry *Workspace::registry(QStringView wanted) const
{
    return findByName(registries, wanted);
}

const Host *Workspace::host(QStringView wanted) const
{
    return findByName(hosts, wanted);
}

const Repository *Workspace::repository(QStringView wanted) const
{
    return findByName(repositories, wanted);
}

const Artifact *Workspace::artifact(QStringView wanted) const
{
    return findByName(artifacts, wanted);
}

const Environment *Workspace::environment(QStringView wanted) const
{
    return findByName(environments, wanted);
}

const Environment *Workspace::predecessor(QStringView wanted) const
{
    for (qsizetype i = 1; i < environments.size(); ++i) {
        if (environments.at(i).name == wanted)
            return &environments.at(i - 1);
    }
    return nullptr;
}

} // namespace rd::config
