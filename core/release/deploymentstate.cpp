// SPDX-License-Identifier: GPL-3.0-or-later
#include "release/deploymentstate.h"

#include "release/promotionlock.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QSaveFile>
#include <QSysInfo>

using namespace Qt::StringLiterals;

namespace rd::release {

namespace {

constexpr std::pair<DeploymentPhase, const char16_t *> PhaseNames[] = {
    {DeploymentPhase::Pending, u"pending"},     {DeploymentPhase::Deploying, u"deploying"},
    {DeploymentPhase::Verifying, u"verifying"}, {DeploymentPhase::Deployed, u"deployed"},
    {DeploymentPhase::Failed, u"failed"},       {DeploymentPhase::RolledBack, u"rolled-back"},
};

QString key(const QString &artifact, const QString &environment) { return artifact + u'/' + environment; }

Result<QJsonObject> readFile(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return QJsonObject();
    if (file.size() > FileDeploymentStateStore::MaxFileSize)
        return fail(Error::Domain::Io, u"%1 is larger than %2 bytes"_s.arg(path).arg(FileDeploymentStateStore::MaxFileSize));
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error::Domain::Io, u"cannot read %1: %2"_s.arg(path, file.errorString()));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.read(FileDeploymentStateStore::MaxFileSize), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return fail(Error::Domain::Io, u"%1 is not a deployment state file (not a JSON object)"_s.arg(path));
    return document.object();
}

DeploymentState fromJson(const QJsonObject &o)
{
    DeploymentState s;
    s.phase = deploymentPhaseFromString(o.value(u"phase"_s).toString()).value_or(DeploymentPhase::Pending);
    s.version = o.value(u"version"_s).toString().left(128);
    s.previous = o.value(u"previous"_s).toString().left(128);
    s.since = QDateTime::fromString(o.value(u"since"_s).toString(), Qt::ISODate);
    s.message = o.value(u"message"_s).toString().left(4000);
    for (const QJsonValue &v : o.value(u"known_good"_s).toArray()) {
        if (s.knownGood.size() < FileDeploymentStateStore::MaxKnownGood && v.isString())
            s.knownGood.append(v.toString().left(128));
    }
    const QJsonObject writer = o.value(u"writer"_s).toObject();
    s.writerHost = writer.value(u"host"_s).toString().left(256);
    s.writerPid = qint64(writer.value(u"pid"_s).toDouble());
    return s;
}

} // namespace

QString toString(DeploymentPhase phase)
{
    for (const auto &[p, name] : PhaseNames) {
        if (p == phase)
            return QString::fromUtf16(name);
    }
    return {};
}

std::optional<DeploymentPhase> deploymentPhaseFromString(QStringView text)
{
    for (const auto &[p, name] : PhaseNames) {
        if (text == QStringView(name))
            return p;
    }
    return std::nullopt;
}

FileDeploymentStateStore::FileDeploymentStateStore(QString path)
    : m_path(std::move(path))
{
}

QString FileDeploymentStateStore::defaultPath(const QString &workspaceDirectory)
{
    return QDir(workspaceDirectory).filePath(u".releasedeck/deployments.json"_s);
}

Result<std::optional<DeploymentState>> FileDeploymentStateStore::state(const QString &artifact, const QString &environment)
{
    auto object = readFile(m_path);
    if (!object)
        return std::unexpected(object.error());
    const QJsonValue entry = object->value(key(artifact, environment));
    if (!entry.isObject())
        return std::optional<DeploymentState>();
    return std::optional<DeploymentState>(fromJson(entry.toObject()));
}

Result<void> FileDeploymentStateStore::update(const QString &artifact, const QString &environment, DeploymentPhase phase,
                                              const QString &version, const QString &previous, const QString &message)
{
    if (!QDir().mkpath(QFileInfo(m_path).absolutePath()))
        return fail(Error::Domain::Io, u"cannot create the folder of %1"_s.arg(m_path));
    QLockFile lock(m_path + u".lock"_s);
    lock.setStaleLockTime(30'000);
    if (!lock.tryLock(10'000))
        return fail(Error::Domain::Io, u"%1 is locked by another ReleaseDeck"_s.arg(m_path));
    auto object = readFile(m_path);
    if (!object)
        return std::unexpected(object.error());
    const QString k = key(artifact, environment);
    DeploymentState s = object->value(k).isObject() ? fromJson(object->value(k).toObject()) : DeploymentState();
    s.phase = phase;
    s.version = version;
    s.previous = previous;
    s.message = message.left(4000);
    s.since = QDateTime::currentDateTimeUtc();
    if (phase == DeploymentPhase::Deployed && !version.isEmpty()) {
        s.knownGood.removeAll(version);
        s.knownGood.prepend(version);
        while (s.knownGood.size() > MaxKnownGood)
            s.knownGood.removeLast();
    }
    QJsonObject entry{{u"phase"_s, toString(s.phase)}, {u"version"_s, s.version}, {u"previous"_s, s.previous},
                      {u"since"_s, s.since.toString(Qt::ISODateWithMs)}, {u"message"_s, s.message},
                      {u"known_good"_s, QJsonArray::fromStringList(s.knownGood)},
                      // Who wrote it, so a reader can say which process left a deploy unfinished.
                      {u"writer"_s, QJsonObject{{u"host"_s, QSysInfo::machineHostName()},
                                                {u"pid"_s, double(QCoreApplication::applicationPid())}}}};
    object->insert(k, entry);
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(*object).toJson()) < 0 || !file.commit())
        return fail(Error::Domain::Io, u"cannot write %1: %2"_s.arg(m_path, file.errorString()));
    return {};
}

QString StoredDeployment::interruptionText() const
{
    if (!interrupted)
        return {};
    QString who = u"The ReleaseDeck process that was %1 %2"_s.arg(
        state.phase == DeploymentPhase::Verifying ? u"verifying"_s : u"deploying"_s,
        state.version.isEmpty() ? u"a new version"_s : state.version);
    if (state.writerPid > 0)
        who += u" (pid %1 on %2)"_s.arg(state.writerPid).arg(state.writerHost.isEmpty() ? u"an unknown host"_s : state.writerHost);
    return u"%1 ended before it finished; what %2 runs now is not known to ReleaseDeck (it ran %3 before)."_s.arg(
        who, environment, state.previous.isEmpty() ? u"nothing"_s : state.previous);
}

Result<QList<StoredDeployment>> readStoredDeployments(const QString &path, const QString &lockDirectory)
{
    auto object = readFile(path);
    if (!object)
        return std::unexpected(object.error());
    QList<StoredDeployment> stored;
    QList<LockHolder> holders;
    bool holdersRead = false;
    for (auto it = object->constBegin(); it != object->constEnd(); ++it) {
        const qsizetype slash = it.key().indexOf(u'/');
        if (slash <= 0 || slash + 1 >= it.key().size() || !it.value().isObject())
            continue; // not ours
        StoredDeployment entry;
        entry.artifact = it.key().left(slash).left(128);
        entry.environment = it.key().mid(slash + 1).left(128);
        entry.state = fromJson(it.value().toObject());
        if (entry.state.phase == DeploymentPhase::Deploying || entry.state.phase == DeploymentPhase::Verifying) {
            if (!holdersRead) {
                holders = PromotionLock::holders(lockDirectory);
                holdersRead = true;
            }
            entry.interrupted = std::none_of(holders.cbegin(), holders.cend(), [&](const LockHolder &h) {
                return h.artifact == entry.artifact && h.environment == entry.environment;
            });
        }
        stored.append(entry);
    }
    return stored;
}

} // namespace rd::release
