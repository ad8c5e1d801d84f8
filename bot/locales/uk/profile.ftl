## My data

profile-title = <b>Мої дані в eHealth</b>
profile-name = Ім’я: { $name }
profile-birth-date = Дата народження: { $birth_date }
profile-gender = Стать: { $gender }
profile-tax-id = РНОКПП: { $tax_id }
profile-no-tax-id = відмова від РНОКПП
profile-email = Ел. пошта: { $email }
profile-phones = Телефони: { $phones }
profile-phone-line = { $kind } { $number }
profile-address-residence = Адреса проживання: { $address }
profile-address-registration = Адреса реєстрації: { $address }
profile-address-other = Адреса: { $address }
profile-document = Документ: { $kind }, { $number }
profile-document-until = Документ: { $kind }, { $number }, дійсний до { $valid_until }
profile-emergency = Контактна особа на випадок надзвичайної ситуації: { $name }, { $phones }
profile-communication = Зручний спосіб зв’язку: { $way }
profile-secret-set = Кодове слово: встановлено
profile-secret-not-set = Кодове слово: не встановлено
profile-read-only =
    Ви можете переглядати свої дані, але не змінювати їх: до 18 років змінювати дані можна лише після підтвердження повної цивільної дієздатності. Поки що зміни може внести батько, мати чи інший законний представник.
profile-not-verified =
    ⚠️ <b>Ваші дані ще не підтверджено в eHealth.</b>
    Реєстр ще не звірив їх із державними реєстрами. Тому нова декларація з лікарем після підпису буде «на перевірці»: вона почне діяти, щойно дані підтвердять, або автоматично через 30 днів.
    Перевірте, будь ласка, чи правильні у картці вище ваше ім’я, дата народження, РНОКПП і документ.
profile-not-verified-edit = Якщо документ змінився або в ньому помилка, оновіть його тут: «Змінити дані» → «Документ».
profile-not-verified-visit = Ім’я, дату народження й РНОКПП у кабінеті змінити не можна. Якщо в них помилка, зверніться з паспортом або ID-карткою до закладу первинної медичної допомоги (наприклад, до свого лікаря) — там допоможуть їх виправити.

phone-type-mobile = Мобільний
phone-type-land-line = Стаціонарний
phone-type-other = Телефон
address-type-residence = Де я проживаю
address-type-registration = Де я зареєстрований(а)
communication-email = Електронна пошта
communication-phone = Телефон
document-type-passport = Паспорт (книжечка)
document-type-national-id = ID-картка
document-type-birth-certificate = Свідоцтво про народження
document-type-temporary-certificate = Посвідка на тимчасове проживання
document-type-permanent-residence-permit = Посвідка на постійне проживання
document-type-refugee-certificate = Посвідчення біженця
document-type-complementary-protection-certificate = Посвідчення особи, яка потребує додаткового захисту
document-type-birth-certificate-foreign = Свідоцтво про народження іноземного зразка
document-type-temporary-passport = Тимчасове посвідчення громадянина України
document-type-other = Документ

profile-edit = Змінити дані
profile-edit-question = Що ви хочете змінити? Після вибору ми поставимо кілька простих запитань, а в кінці ви підпишете зміни електронним підписом.
profile-field-email = Електронну пошту
profile-field-phone = Номер телефону
profile-field-address = Адресу
profile-field-document = Документ
profile-field-emergency = Контактну особу
profile-field-secret = Кодове слово
profile-field-communication = Спосіб зв’язку
profile-back-to-card = Назад до моїх даних
profile-back-to-edit = Назад

profile-ask-email = Напишіть, будь ласка, адресу електронної пошти. Наприклад: name@ukr.net
profile-ask-phone-type = Який номер змінити?
profile-ask-phone = Напишіть, будь ласка, номер телефону. Наприклад: 067 123 45 67
profile-ask-address-type = Яку адресу змінити?
profile-ask-settlement = Напишіть назву населеного пункту — достатньо перших літер. Наприклад: Вінниця
profile-pick-settlement = Оберіть населений пункт зі списку:
profile-settlement-again = Шукати іншу назву
profile-settlement-not-found = Не знайшли такого населеного пункту. Перевірте назву або напишіть лише перші літери.
profile-ask-street = Напишіть назву вулиці, наприклад: вул. Соборна. Якщо вулиці немає (у селі), натисніть «Вулиці немає».
profile-no-street = Вулиці немає
profile-ask-building = Напишіть номер будинку, наприклад: 15, 15А або 15/2
profile-ask-apartment = Напишіть номер квартири. Якщо це приватний будинок, натисніть «Квартири немає».
profile-no-apartment = Квартири немає
profile-ask-document-type = Який документ ви хочете вказати?
profile-ask-document-number = Напишіть номер документа так, як він надрукований. Наприклад: КА123456 або 123456789 для ID-картки.
profile-ask-document-expiration = До якої дати дійсна ID-картка? Напишіть так: 31.12.2030
profile-ask-emergency-last-name = Кого повідомити в надзвичайній ситуації? Напишіть, будь ласка, прізвище цієї людини.
profile-ask-emergency-first-name = Тепер напишіть ім’я.
profile-ask-emergency-phone = І номер телефону цієї людини. Наприклад: 067 123 45 67
profile-ask-secret = Напишіть нове кодове слово: від 6 до 20 літер або цифр, без пробілів. Ми одразу приберемо ваше повідомлення з чату.
profile-ask-communication = Як вам зручніше отримувати повідомлення?

profile-confirm = <b>Перевірте, будь ласка, зміни:</b>
profile-confirm-empty = Ви ще нічого не змінили.
profile-submit = Перейти до підпису
profile-change-more = Змінити ще щось
profile-discard = Скасувати зміни
profile-discarded = Зміни скасовано. Ваші дані в eHealth залишилися як були.
change-email = Ел. пошта: { $email }
change-phone = { $kind } телефон: { $number }
change-address-residence = Адреса проживання: { $address }
change-address-registration = Адреса реєстрації: { $address }
change-document = Документ: { $kind }, { $number }
change-document-until = Документ: { $kind }, { $number }, дійсний до { $valid_until }
change-emergency = Контактна особа: { $name }, { $phone }
change-secret = Кодове слово: буде змінено
change-communication = Спосіб зв’язку: { $way }

profile-summary =
    <b>{ $title }</b>
    { $lead }
    { $items }
profile-summary-item = • { $label }: { $value }
profile-signing-hint = Натисніть «Підписати», підпишіть зміни електронним підписом на сторінці, що відкриється, а потім поверніться сюди й натисніть «Я підписав(ла)».
profile-sign = Підписати
profile-signed = Я підписав(ла)
profile-not-signed-yet = Поки що не бачимо підпису в eHealth. Підпишіть, будь ласка, зміни на сторінці за кнопкою «Підписати» — або спробуйте перевірити ще раз за хвилину.
profile-saved = Готово! Зміни збережено в eHealth.
