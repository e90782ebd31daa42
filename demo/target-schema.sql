-- The "new" cluster's schema for the reservations sample, as a team writes it
-- when it moves from MariaDB 10.11 to MySQL 8.0/9.x: utf8mb4 with MySQL's
-- default collation everywhere (the legacy latin1 table included), native
-- JSON instead of MariaDB's LONGTEXT alias, the same keys. demo.sh creates
-- these tables, then loads the old cluster's data with mariadb-dump | mysql.

CREATE TABLE customers (
  id INT UNSIGNED NOT NULL,
  email VARCHAR(191) NOT NULL,
  full_name VARCHAR(120) NOT NULL,
  country CHAR(2) NOT NULL,
  phone VARCHAR(32) NULL,
  created_at TIMESTAMP(3) NOT NULL,
  loyalty_points INT NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  UNIQUE KEY uk_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;

CREATE TABLE reservations (
  id BIGINT UNSIGNED NOT NULL,
  customer_id INT UNSIGNED NOT NULL,
  hotel_code CHAR(5) NOT NULL,
  check_in DATE NOT NULL,
  nights TINYINT UNSIGNED NOT NULL,
  status ENUM('pending','confirmed','checked_in','cancelled') NOT NULL,
  total DECIMAL(10,2) NOT NULL,
  currency CHAR(3) NOT NULL,
  options JSON NULL,
  booked_at TIMESTAMP(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  KEY idx_customer (customer_id),
  KEY idx_check_in (check_in)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;

CREATE TABLE legacy_guests (
  guest_no INT NOT NULL,
  surname VARCHAR(60) NOT NULL,
  first_name VARCHAR(60) NOT NULL,
  city VARCHAR(60) NOT NULL,
  remarks TEXT NULL,
  registered DATE NOT NULL,
  PRIMARY KEY (guest_no)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;

CREATE TABLE audit_log (
  logged_at DATETIME(3) NOT NULL,
  level VARCHAR(8) NOT NULL,
  source VARCHAR(32) NOT NULL,
  message VARCHAR(255) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;

CREATE TABLE docs (
  id INT UNSIGNED NOT NULL PRIMARY KEY,
  created_at DATETIME NOT NULL,
  doc JSON NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;
