## What went wrong and what to do next

error-generic = Щось пішло не так. Спробуйте, будь ласка, ще раз трохи згодом. Якщо не вийде — натисніть /menu.
error-backend-unavailable = Сервіс тимчасово недоступний. Спробуйте, будь ласка, за кілька хвилин — усе, що ви вже ввели, збережено.
error-registry-unavailable = eHealth зараз не відповідає. Спробуйте, будь ласка, за кілька хвилин — усе, що ви вже ввели, збережено.
error-registry-unavailable-rate-limited = eHealth зараз перевантажена. Спробуйте, будь ласка, за { $minutes ->
        [1] хвилину
        [one] { $minutes } хвилину
        [few] { $minutes } хвилини
        [many] { $minutes } хвилин
       *[other] { $minutes } хвилини
    } — усе, що ви вже ввели, збережено.
error-not-linked = Ви ще не увійшли в кабінет. Увійдіть, будь ласка, з електронним підписом.
error-auth-required = Ваш сеанс в eHealth завершився. Увійдіть, будь ласка, ще раз з електронним підписом.
error-consent-required = Спершу потрібна ваша згода на обробку персональних даних. Натисніть /start.
error-read-only = Ваш кабінет відкрито лише для перегляду: змінювати дані та подавати декларацію можна з 18 років або після підтвердження повної цивільної дієздатності.
error-not-found = Не знайдено. Можливо, запис уже змінився — відкрийте, будь ласка, список ще раз.
error-conflict = eHealth не прийняла цю дію, бо дані вже змінилися. Оновіть, будь ласка, і спробуйте ще раз.
error-forbidden = eHealth не дозволяє цю дію для вашого кабінету.
error-permission-needed = Щоб показати ваші е-рецепти, кабінету потрібен ваш дозвіл в eHealth — раніше ви його не давали. Увійдіть, будь ласка, ще раз з електронним підписом: на сторінці входу eHealth видно, що саме ви дозволяєте.
error-permission-needed-medical-record = Щоб показати вашу медичну картку, кабінету потрібен ваш дозвіл в eHealth — раніше ви його не давали. Увійдіть, будь ласка, ще раз з електронним підписом: на сторінці входу eHealth видно, що саме ви дозволяєте.
error-validation-failed = Деякі дані заповнено неправильно:
error-nothing-to-change = Ви не змінили жодного поля — підписувати нічого.
error-request-in-progress = Цей запит уже обробляється. Зачекайте, будь ласка, кілька секунд.
error-directory-loading = Довідник лікарів ще завантажується. Спробуйте, будь ласка, за хвилину.
error-too-many-requests = Ви надто часто просите посилання для входу. Спробуйте, будь ласка, за кілька хвилин.
error-precheck-failed = Декларацію з цим лікарем зараз подати не можна.
error-internal-error = Сталася помилка на нашому боці. Спробуйте, будь ласка, пізніше.
error-registry-error = eHealth відповіла помилкою. Спробуйте, будь ласка, пізніше.
error-bad-answer = Сталася помилка на нашому боці. Спробуйте, будь ласка, пізніше.
error-method-not-allowed = Сталася помилка на нашому боці. Спробуйте, будь ласка, пізніше.
error-unauthorized = Сталася помилка на нашому боці. Спробуйте, будь ласка, пізніше.

invalid-value = Неправильне значення. Перевірте, будь ласка.
invalid-phone-format = Не вдалося розпізнати український номер. Введіть його так: +380 67 123 45 67 або 067 123 45 67.
invalid-email-format = Схоже, в адресі пошти помилка. Введіть її так: name@ukr.net.
invalid-document-type = Такого типу документа немає в переліку. Оберіть тип кнопкою.
invalid-document-passport-format = Номер паспорта-книжечки — дві українські літери та 6 цифр, наприклад КА123456.
invalid-document-national-id-format = Номер ID-картки — 9 цифр. Його видно на лицьовому боці картки.
invalid-document-birth-certificate-format = Номер свідоцтва про народження має вигляд І-БК 123456: серія римськими цифрами, дві літери та 6 цифр.
invalid-document-number-format = Номер документа — до { $max_len } літер і цифр (можна з дефісом). Перевірте, будь ласка.
invalid-document-expiration-date-required = Для ID-картки вкажіть, будь ласка, дату, до якої вона дійсна.
invalid-document-expiration-date-format = Дату вкажіть так: 31.12.2030.
invalid-document-expired = Цей документ уже недійсний. Вкажіть, будь ласка, чинний документ.
invalid-name-format = Ім’я може містити лише літери, апостроф, дефіс і пробіл, до { $max_len } символів. Перевірте написання.
invalid-secret-format = Кодове слово — від { $min_len } до { $max_len } літер або цифр, без пробілів. Придумайте, будь ласка, інше.
invalid-text-empty = Тут порожньо. Напишіть, будь ласка, відповідь.
invalid-text-too-long = Текст задовгий. Скоротіть його до { $max_len } символів.
invalid-settlement-format = Введіть назву населеного пункту: від { $min_len } до { $max_len } літер, можна з пробілом, дефісом чи апострофом.
invalid-address-street-format = Назва вулиці — до { $max_len } символів. Перевірте, будь ласка.
invalid-address-building-required = Вкажіть, будь ласка, номер будинку.
invalid-address-building-format = Номер будинку починається з цифри, наприклад 15, 15А або 15/2.
invalid-address-apartment-format = Номер квартири — до 20 літер і цифр, наприклад 23 або 23А.
invalid-address-residence-required = Вкажіть, будь ласка, адресу, де ви проживаєте.
invalid-addresses-duplicate-type = Можна вказати лише одну адресу проживання та одну адресу реєстрації.
invalid-phones-duplicate-type = Можна вказати лише один мобільний і один стаціонарний номер.
invalid-tax-id-format = РНОКПП має складатися рівно з 10 цифр.
invalid-tax-id-checksum = Схоже, в РНОКПП помилка. Перевірте 10 цифр з картки платника податків.
invalid-unzr-format = УНЗР має вигляд РРРРММДД-ННННН, наприклад 19910819-00022.
invalid-unzr-birth-date-mismatch = Перші 8 цифр УНЗР мають збігатися з датою народження.
invalid-address-format = Адресу заповнено не повністю або неправильно. Перевірте, будь ласка.
invalid-address-unknown-field = В адресі є зайве поле. Спробуйте, будь ласка, ввести адресу ще раз.
invalid-address-type = Оберіть тип адреси: місце проживання чи реєстрації.
invalid-address-country = Адреса має бути в Україні.
invalid-address-area-required = Вкажіть, будь ласка, область.
invalid-address-area-format = Назва області — до { $max_len } символів.
invalid-address-region-format = Назва району — до { $max_len } символів.
invalid-address-settlement-required = Вкажіть, будь ласка, населений пункт.
invalid-address-settlement-format = Назва населеного пункту — до { $max_len } символів.
invalid-address-settlement-type = Оберіть тип населеного пункту: місто, селище міського типу, село чи селище.
invalid-address-settlement-id-format = Населений пункт не знайдено в довіднику. Оберіть його зі списку ще раз.
invalid-address-street-type-format = Оберіть тип вулиці зі списку.
invalid-address-zip-format = Поштовий індекс — 5 цифр, наприклад 02090.
invalid-addresses-format = Список адрес заповнено неправильно. Перевірте, будь ласка.
invalid-auth-method-format = Спосіб підтвердження заповнено неправильно.
invalid-auth-method-unknown-field = У способі підтвердження є зайве поле.
invalid-auth-method-type = Оберіть спосіб підтвердження: код з SMS, особисто в лікаря або через довірену особу.
invalid-otp-phone-required = Для підтвердження кодом з SMS вкажіть номер мобільного телефону.
invalid-auth-method-third-person-required = Оберіть довірену особу, яка підтверджуватиме дії за вас.
invalid-auth-method-alias-required = Вкажіть, ким вам доводиться довірена особа, наприклад «дружина».
invalid-auth-method-alias-format = Опишіть довірену особу коротко — до { $max_len } символів.
invalid-phones-format = Список телефонів заповнено неправильно. Перевірте, будь ласка.
invalid-phones-type = Оберіть тип телефону: мобільний чи стаціонарний.
notice-permission-needed-medical-record = Увійдіть ще раз з електронним підписом і дозвольте кабінету бачити вашу медичну картку. Усе інше лишається як було.
