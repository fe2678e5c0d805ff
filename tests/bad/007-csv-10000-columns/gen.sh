# writes the large input of this case into the current folder
{ printf '%s' "Код,Фамилия,Имя,Отчество,Дата рождения,Дата выпуска,Социальный статус,Жизнеустройство,Куратор"; for i in $(seq 1 10000); do printf ',c%d' "$i"; done; printf '\n%s\n' "X-1,Тестов,Тест,,01.01.2005,30.06.2024,сирота,обучается,P02"; } >graduates.csv
