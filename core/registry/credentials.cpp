// SPDX-License-Identifier: GPL-3.0-or-later
#include "credentials.h"

#include "secrets/secretreference.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace rd::registry {

namespace {

constexpr qint64 MaxConfigSize = 1024 * 1024;
constexpr qint64 MaxHelperOutput = 64 * 1024;
constexpr int HelperTimeoutMs = 15'000;

Error credentialError(QString message)
{
    return Error{Error::Domain::Registry, std::move(message), {}, 0};
}

// "host[:port]" as docker writes it into config.json (default ports omitted).
QString dockerHostKey(const QUrl &url)
{
    const int port = url.port(-1);
    const bool defaultPort = port < 0 || (url.scheme() == u"https" && port == 443) || (url.scheme() == u"http" && port == 80);
    return defaultPort ? url.host() : u"%1:%2"_s.arg(url.host()).arg(port);
}

// The auths key with scheme and path stripped: "https://index.docker.io/v1/" → "index.docker.io".
QString normalizeAuthsKey(QString key)
{
    if (const qsizetype scheme = key.indexOf(u"://"_s); scheme >= 0)
        key = key.mid(scheme + 3);
    if (const qsizetype slash = key.indexOf(u'/'); slash >= 0)
        key = key.left(slash);
    return key.toLower();
}

Result<std::optional<Credential>> runHelper(const QString &helper, const QString &host)
{
    static const QRegularExpression helperName(u"\\A[A-Za-z0-9][A-Za-z0-9._-]{0,63}\\z"_s);
    if (!helperName.match(helper).hasMatch())
        return std::unexpected(credentialError(u"docker config names the credential helper '%1', which is not a valid helper name"_s.arg(helper.left(64))));
    const QString program = u"docker-credential-"_s + helper;
    QProcess process;
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.start(program, {u"get"_s});
    if (!process.waitForStarted(HelperTimeoutMs))
        return std::unexpected(credentialError(u"cannot run the docker credential helper %1: %2"_s.arg(program, process.errorString())));
    process.write(host.toUtf8());
    process.closeWriteChannel();
    if (!process.waitForFinished(HelperTimeoutMs)) {
        process.kill();
        process.waitForFinished(1000);
        return std::unexpected(credentialError(u"the docker credential helper %1 did not answer within %2 s"_s.arg(program).arg(HelperTimeoutMs / 1000)));
    }
    const QByteArray out = process.readAllStandardOutput();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        // "credentials not found in native keychain" is the helpers' way of saying "none".
        if (out.contains("credentials not found"))
            return std::optional<Credential>();
        return std::unexpected(credentialError(u"the docker credential helper %1 failed for %2 (exit code %3)"_s.arg(program, host).arg(process.exitCode())));
    }
    if (out.size() > MaxHelperOutput)
        return std::unexpected(credentialError(u"the docker credential helper %1 answered more than %2 bytes"_s.arg(program).arg(MaxHelperOutput)));
    const QJsonObject object = QJsonDocument::fromJson(out).object();
    if (object.isEmpty())
        return std::unexpected(credentialError(u"the docker credential helper %1 did not answer a JSON object"_s.arg(program)));
    Credential credential;
    credential.username = object.value(u"Username"_s).toString();
    credential.secret = object.value(u"Secret"_s).toString();
    if (credential.username == u"<token>") {
        credential.identityToken = credential.secret;
        credential.secret.clear();
        credential.username.clear();
    }
    return std::optional<Credential>(credential);
}

Result<std::optional<Credential>> fromDockerConfig(const QUrl &url)
{
    const QString path = dockerConfigPath();
    QFile file(path);
    if (!file.exists())
        return std::optional<Credential>();
    if (!file.open(QIODevice::ReadOnly))
        return std::unexpected(credentialError(u"cannot read the docker config %1: %2"_s.arg(path, file.errorString())));
    if (file.size() > MaxConfigSize)
        return std::unexpected(credentialError(u"the docker config %1 is larger than %2 bytes"_s.arg(path).arg(MaxConfigSize)));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.read(MaxConfigSize), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return std::unexpected(credentialError(u"the docker config %1 is not a valid JSON object"_s.arg(path)));
    const QJsonObject config = document.object();
    const QString host = dockerHostKey(url).toLower();
    // Docker Hub's API host is registry-1.docker.io, but `docker login` files it under index.docker.io.
    const auto matches = [&host](const QString &key) {
        const QString normalized = normalizeAuthsKey(key);
        if (normalized == host)
            return true;
        return host == u"registry-1.docker.io" && (normalized == u"index.docker.io" || normalized == u"docker.io");
    };

    const QJsonObject helpers = config.value(u"credHelpers"_s).toObject();
    for (auto it = helpers.begin(); it != helpers.end(); ++it) {
        if (matches(it.key()))
            return runHelper(it.value().toString(), host);
    }
    const QJsonObject auths = config.value(u"auths"_s).toObject();
    for (auto it = auths.begin(); it != auths.end(); ++it) {
        if (!matches(it.key()))
            continue;
        const QJsonObject entry = it.value().toObject();
        Credential credential;
        if (const QString auth = entry.value(u"auth"_s).toString(); !auth.isEmpty()) {
            const auto decoded = QByteArray::fromBase64Encoding(auth.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
            const qsizetype colon = decoded ? decoded.decoded.indexOf(':') : -1;
            if (colon < 0)
                return std::unexpected(credentialError(u"the docker config %1 has an 'auth' entry for %2 that is not base64 of user:password"_s.arg(path, host)));
            credential.username = QString::fromUtf8(decoded.decoded.left(colon));
            credential.secret = QString::fromUtf8(decoded.decoded.mid(colon + 1));
        } else {
            credential.username = entry.value(u"username"_s).toString();
            credential.secret = entry.value(u"password"_s).toString();
        }
        credential.identityToken = entry.value(u"identitytoken"_s).toString();
        if (credential.username.isEmpty() && credential.secret.isEmpty() && credential.identityToken.isEmpty()) {
            // "auths": {"host": {}} is what docker writes when a credsStore holds the secret.
            break;
        }
        return std::optional<Credential>(credential);
    }
    if (const QString store = config.value(u"credsStore"_s).toString(); !store.isEmpty())
        return runHelper(store, host);
    return std::optional<Credential>();
}

} // namespace

QString dockerConfigPath()
{
    const QString dir = qEnvironmentVariable("DOCKER_CONFIG");
    if (!dir.isEmpty())
        return QDir(dir).filePath(u"config.json"_s);
    return QDir::home().filePath(u".docker/config.json"_s);
}

Result<std::optional<Credential>> resolveCredential(const QString &reference, const QString &registryUrl)
{
    if (reference.isEmpty() || reference == u"none")
        return std::optional<Credential>();
    if (reference == u"docker-config")
        return fromDockerConfig(QUrl(registryUrl));
    if (secrets::referenceKind(reference) != secrets::ReferenceKind::None) {
        auto secret = secrets::readSecret(reference, u"the credentials of %1"_s.arg(registryUrl));
        if (!secret)
            return std::unexpected(credentialError(secret.error().message));
        const QString value = QString::fromUtf8(*secret);
        const qsizetype colon = value.indexOf(u':');
        if (colon <= 0) // the message never repeats the value: it is a secret
            return std::unexpected(credentialError(u"the credentials %1 of %2 must hold USER:SECRET"_s.arg(reference, registryUrl)));
        return std::optional<Credential>(Credential{value.left(colon), value.mid(colon + 1), {}});
    }
    return std::unexpected(credentialError(u"the credentials reference for %1 is not one of none, docker-config, env:VAR or keyring:NAME"_s.arg(registryUrl)));
}

} // namespace rd::registry
