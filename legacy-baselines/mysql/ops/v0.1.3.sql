-- ops database as created by release 0.1.3 (mysql); see ../../README.md
create table `audit_log` (`id` varchar(36) not null, `actor` varchar(255) not null, `action` varchar(64) not null, `target` varchar(255) null, `detail` text null, `created_at` datetime not null, primary key (`id`)) default character set utf8mb4 engine = InnoDB;

create table `prompt_template` (`id` varchar(36) not null, `name` varchar(255) not null, `content` text not null, `variables` text null, `created_at` datetime not null, `updated_at` datetime not null, `category` varchar(64) null, primary key (`id`)) default character set utf8mb4 engine = InnoDB;
