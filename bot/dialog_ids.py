"""aiogram-dialog's ids of dialogs, drawn at random instead of from the clock: two dialogs never share one.

aiogram-dialog names every dialog it opens (an "intent": its buttons' callback data starts with it) with
`new_int_id()`, the current second plus one of only 100 random values: two dialogs opened within one second
share an id once in a hundred. aiogram-dialog then takes the new dialog for the old one. A button whose handler
opens another dialog (sign out → the sign-in step) has the new window drawn a second time, and that second
edit drops what the first drawing showed once above it: «Ви вийшли з кабінету…» flashed and was gone. The old
message's buttons would also act on the new dialog, whose widgets may share their ids («Назад», «Меню»).

Here the number is drawn from 62**8 values by `secrets` (no seeded `random` can repeat it); aiogram-dialog
writes it as before, in base 62: at most 8 characters of a button's 64 bytes of callback data, instead of 6.
The ids of stacks come from the same function. `create_dispatcher` installs it before `setup_dialogs`
(tests/bot/test_dialog_ids.py checks that the product's dispatcher draws such ids).
"""

from __future__ import annotations

import secrets

from aiogram_dialog.api.entities import stack

ID_SPACE = 62**8  # aiogram-dialog's `id_to_str` writes the number in base 62: at most 8 characters


def new_int_id() -> int:
    return secrets.randbelow(ID_SPACE)


def use_random_dialog_ids() -> None:
    """Make aiogram-dialog draw its ids with `new_int_id` (once per process; calling again changes nothing)."""
    # `Stack.push` and `Stack()` call `new_id()`, which reads `new_int_id` from this module at each call. If an
    # upgrade draws ids some other way, stop here rather than leave the clock-based ids in place.
    if not callable(getattr(stack, "new_int_id", None)) or not callable(getattr(stack, "new_id", None)):
        raise RuntimeError("aiogram-dialog no longer draws ids with new_int_id: review bot/dialog_ids.py")
    stack.new_int_id = new_int_id
