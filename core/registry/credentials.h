// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/error.h"

#include <QString>
#include <optional>

namespace rd::registry {

// A user name and secret for one registry host. Never logged, never written anywhere.
struct Credential
{
    QString username;
    QString secret;          // a password or a personal access token
    QString identityToken;   // docker's OAuth refresh token (credential helpers answer "<token>"), else empty
};

// Resolves the workspace's `credentials` reference for the registry at `registryUrl`
// (scheme, host and port):
// - "none" → no credential;
// - "env:VAR" → the variable holds "USER:SECRET" (split at the first colon);
// - "docker-config" → $DOCKER_CONFIG/config.json or ~/.docker/config.json: `credHelpers`
//   for the host, else an `auths` entry (base64 "user:pass" in `auth`, or `username`/`password`,
//   or `identitytoken`), else the `credsStore` helper; helpers are `docker-credential-<name> get`
//   run with the host on stdin (bounded time and output);
// - "keyring:NAME" → the desktop keyring entry NAME (secrets/keyring.h) holds "USER:SECRET".
// No credential found for the host is not an error (anonymous access is tried).
[[nodiscard]] Result<std::optional<Credential>> resolveCredential(const QString &reference, const QString &registryUrl);

// Where docker-config is read from ($DOCKER_CONFIG/config.json, else ~/.docker/config.json).
QString dockerConfigPath();

} // namespace rd::registry
