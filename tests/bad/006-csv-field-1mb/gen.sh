# writes the large input of this case into the current folder
printf '%s,Характеристика семьи\n' "Код,Фамилия,Имя,Отчество,Дата рождения,Дата выпуска,Социальный статус,Жизнеустройство,Куратор" >graduates.csv
printf '%s,"' "X-1,Тестов,Тест,,01.01.2005,30.06.2024,сирота,обучается,P02" >>graduates.csv
head -c 1048576 /dev/zero | tr '\0' 'a' >>graduates.csv
printf '"\n' >>graduates.csv
