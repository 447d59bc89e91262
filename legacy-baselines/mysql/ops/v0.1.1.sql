-- ops database as created by release 0.1.1 (mysql); see ../../README.md
create table `prompt_template` (`id` varchar(36) not null, `name` varchar(255) not null, `content` text not null, `variables` text null, `created_at` datetime not null, `updated_at` datetime not null, primary key (`id`)) default character set utf8mb4 engine = InnoDB;
