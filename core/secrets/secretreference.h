// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/error.h"

#include <QByteArray>
#include <QString>
#include <QStringView>

// A workspace never holds a secret, only a reference to one: "env:VAR" (an environment
// variable of the ReleaseDeck process) or "keyring:NAME" (an entry of the desktop keyring; see
// keyring.h for the attributes that find it).
// Every module that needs a secret — registry credentials, SSH key passphrases, notification
// targets, forge tokens — reads it here, when it is about to be used, and keeps it no longer.
namespace rd::secrets {

enum class ReferenceKind { None, Environment, Keyring };

// Which kind of reference `reference` is (None for anything else, e.g. "docker-config").
ReferenceKind referenceKind(QStringView reference);

// The secret `reference` names. `purpose` says what it is for, as messages show it ("the
// credentials of registry ghcr"); messages never contain the secret itself. Empty secrets are
// an error: an unset variable and an empty one mean the same mistake.
[[nodiscard]] Result<QByteArray> readSecret(QStringView reference, const QString &purpose);

} // namespace rd::secrets
