## Shared buttons and short lines

btn-back = Back
btn-menu = To the menu
btn-cancel = Cancel
btn-confirm = Yes, I confirm
btn-skip = Skip
btn-retry = Try again
btn-yes = Yes
btn-no = No
throttled = You are sending messages very fast. Please wait a few seconds, then we will carry on.
wrong-type-text = A text answer is needed here. Please type it as a message.
wrong-type-button = Please choose one of the buttons under the message.
not-set = not given

command-start = Start or go back to the beginning
command-menu = Main menu
command-help = How to use the bot
command-cancel = Cancel the current action
command-language = Мова / Language
command-cabinets = Verified patient cabinets

cabinets-title = <b>Verified patient cabinets</b>
    The Ministry of Health has verified these cabinets. Their core features are the same.
cabinets-item = <b>{ $name }</b> — { $description }
cabinets-item-ours = <b>{ $name }</b> (you are here) — { $description }
